using LfrAudit.Core.Deployments;

namespace LfrAudit.Core.Ports;

/// <summary>A public document exactly as published (its JSON), with its SHA-256 so later copies can be checked.</summary>
public sealed record PublishedDocument(DeploymentId Deployment, string Kind, DateTimeOffset PublishedAt, string Json, string Sha256,
    Audit.TreeHead? Anchor = null);

public interface IPublishedDocumentStore
{
    void Add(PublishedDocument document);
    /// <summary>Records the signed tree head that covers the document's publication entry.</summary>
    void Anchor(DeploymentId deployment, string kind, Audit.TreeHead head);
    IReadOnlyList<PublishedDocument> List();
}
