using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Governance.Deployments;

/// <summary>A public document exactly as published (its JSON), with its SHA-256 so later copies can be checked.</summary>
public sealed record PublishedDocument(DeploymentId Deployment, string Kind, DateTimeOffset PublishedAt, string Json, string Sha256,
    TreeHead? Anchor = null);

/// <summary>The notices and outcome reports as published, kept so that any later copy can be checked against them.</summary>
public interface IPublishedDocumentStore
{
    /// <summary>Keeps a document as published; the store refuses a second document of the same kind for the same deployment.</summary>
    void Add(PublishedDocument document);
    /// <summary>Records the signed tree head that covers the document's publication entry.</summary>
    void Anchor(DeploymentId deployment, string kind, TreeHead head);
    /// <summary>Every document published, in the order they were.</summary>
    IReadOnlyList<PublishedDocument> List();
}
