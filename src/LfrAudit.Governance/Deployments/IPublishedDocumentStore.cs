using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Governance.Deployments;

/// <summary>A public document exactly as published (its JSON), with its SHA-256 so later copies can be checked.</summary>
public sealed record PublishedDocument(DeploymentId Deployment, string Kind, DateTimeOffset PublishedAt, string Json, string Sha256,
    TreeHead? Anchor = null);

public interface IPublishedDocumentStore
{
    void Add(PublishedDocument document);
    /// <summary>Records the signed tree head that covers the document's publication entry.</summary>
    void Anchor(DeploymentId deployment, string kind, TreeHead head);
    IReadOnlyList<PublishedDocument> List();
}
