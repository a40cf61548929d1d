using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Storage.Relational;

internal sealed class SqlDocumentStore(RelationalDatabase db) : IPublishedDocumentStore
{
    public void Add(PublishedDocument d)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("INSERT INTO documents(deployment_id, kind, published_at, content, sha256) VALUES (@d, @k, @at, @json, @sha)", tx);
            c.Param("@d", d.Deployment.Value);
            c.Param("@k", d.Kind);
            c.Param("@at", Codec.Time(d.PublishedAt));
            c.Param("@json", d.Json);
            c.Param("@sha", d.Sha256);
            try { c.ExecuteNonQuery(); }
            catch (Exception ex) when (db.IsUniqueViolation(ex))
            { throw new DeploymentRuleException($"deployment {d.Deployment} already has a published {d.Kind}; published documents are never rewritten"); }
            tx.Commit();
        }
    }

    public void Anchor(DeploymentId deployment, string kind, TreeHead head)
    {
        lock (db.Gate)
        {
            using var c = db.Command("UPDATE documents SET anchor = @a WHERE deployment_id = @d AND kind = @k AND anchor IS NULL");
            c.Param("@a", head.ToJson().ToJsonString());
            c.Param("@d", deployment.Value);
            c.Param("@k", kind);
            c.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<PublishedDocument> List()
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT deployment_id, kind, published_at, content, sha256, anchor FROM documents ORDER BY published_at");
            using var r = c.ExecuteReader();
            var all = new List<PublishedDocument>();
            while (r.Read())
                all.Add(new PublishedDocument(new DeploymentId(r.GetString(0)), r.GetString(1), Codec.Time(r.GetString(2)), r.GetString(3), r.GetString(4),
                    r.IsDBNull(5) ? null : TreeHead.FromJson(System.Text.Json.Nodes.JsonNode.Parse(r.GetString(5))!.AsObject())));
            return all;
        }
    }
}
