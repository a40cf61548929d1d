using LfrAudit.Core.Deployments;

namespace LfrAudit.Core.Ports;

/// <summary>A public document exactly as published (its JSON), with its SHA-256 so later copies can be checked.</summary>
public sealed record PublishedDocument(DeploymentId Deployment, string Kind, DateTimeOffset PublishedAt, string Json, string Sha256);

public interface IPublishedDocumentStore
{
    void Add(PublishedDocument document);
    IReadOnlyList<PublishedDocument> List();
}
