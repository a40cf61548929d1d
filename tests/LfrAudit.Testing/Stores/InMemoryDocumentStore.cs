using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryDocumentStore(InMemoryStore store) : IPublishedDocumentStore
{
    public void Add(PublishedDocument d) => store.Write(data =>
    {
        if (data.Documents.Any(x => x.Deployment == d.Deployment && x.Kind == d.Kind))
            throw new DeploymentRuleException($"deployment {d.Deployment} already has a published {d.Kind}; published documents are never rewritten");
        data.Documents.Add(d with { Anchor = null });
    });

    public void Anchor(DeploymentId deployment, string kind, TreeHead head) => store.Write(data =>
    {
        int i = data.Documents.FindIndex(x => x.Deployment == deployment && x.Kind == kind);
        if (i >= 0) data.Documents[i] = data.Documents[i] with { Anchor = head };
    });

    public IReadOnlyList<PublishedDocument> List() => store.Read(data => data.Documents.ToList());
}
