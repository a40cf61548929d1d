using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// Evidence deletion: the key of each alert's sealed evidence first (crypto-shredding), then the ciphertext.
/// Afterwards the server makes the deletion reach its files (<see cref="RelationalDatabase.AfterEvidenceDeleted"/>):
/// SQLite overwrote the rows (secure_delete) and folds its WAL back; PostgreSQL rewrites the key table.
/// </summary>
internal sealed class SqlRetentionStore(RelationalDatabase db) : IRetentionStore
{
    public IReadOnlyList<HeldEvidence> ListHeldEvidence()
    {
        lock (db.Gate)
        {
            // A run outside any deployment follows the default policy and counts as ended when the run ended.
            using var c = db.Command("""
                SELECT a.alert_id, a.raised_at, j.decision, j.decided_at,
                       CASE WHEN d.deployment_id IS NOT NULL THEN d.ended_at ELSE r.ended_at END,
                       d.retention_rejected_s, d.retention_unadjudicated_s, d.retention_confirmed_s
                FROM alert_evidence e
                JOIN alerts a ON a.alert_id = e.alert_id
                JOIN runs r ON r.run_id = a.run_id
                LEFT JOIN deployments d ON d.deployment_id = r.deployment_id
                LEFT JOIN adjudications j ON j.alert_id = a.alert_id
                ORDER BY a.alert_id
                """);
            using var r = c.ExecuteReader();
            var held = new List<HeldEvidence>();
            while (r.Read())
            {
                var policy = r.IsDBNull(5) ? RetentionPolicy.Default
                    : new RetentionPolicy(TimeSpan.FromSeconds(r.GetInt64(5)), TimeSpan.FromSeconds(r.GetInt64(6)), TimeSpan.FromSeconds(r.GetInt64(7)));
                held.Add(new HeldEvidence(new AlertId(r.GetInt64(0)), Codec.Time(r.GetString(1)),
                    r.IsDBNull(2) ? null : AdjudicationNames.ParseDecision(r.GetString(2)),
                    r.IsDBNull(3) ? null : Codec.Time(r.GetString(3)),
                    r.IsDBNull(4) ? null : Codec.Time(r.GetString(4)), policy));
            }
            return held;
        }
    }

    public Purge DeleteEvidence(IReadOnlyList<AlertId> alerts, string reason, DateTimeOffset at)
    {
        lock (db.Gate)
        {
            int deleted = 0;
            long id;
            using (var tx = db.Begin())
            {
                // Crypto-shredding: the key goes first (that alone makes the evidence unreadable), then the ciphertext.
                // Each purge is recorded in the log of the site that raised the alerts (a central store keeps a log per site).
                var bySite = new Dictionary<string, int>(StringComparer.Ordinal);
                using (var site = db.Command("SELECT site FROM alerts WHERE alert_id = @id", tx))
                using (var k = db.Command("DELETE FROM evidence_keys WHERE alert_id = @id", tx))
                using (var c = db.Command("DELETE FROM alert_evidence WHERE alert_id = @id", tx))
                {
                    var ps = site.Int64("@id", 0);
                    var pk = k.Int64("@id", 0);
                    var pc = c.Int64("@id", 0);
                    foreach (var a in alerts)
                    {
                        ps.Value = pk.Value = pc.Value = a.Value;
                        var owner = site.ExecuteScalar() as string ?? db.Site.Value;
                        int gone = k.ExecuteNonQuery();
                        deleted += gone;
                        c.ExecuteNonQuery();
                        if (gone > 0) bySite[owner] = bySite.GetValueOrDefault(owner) + gone;
                    }
                }
                using (var c = db.Command("INSERT INTO purges(purged_at, reason, alerts_purged) VALUES (@at, @why, @n) RETURNING purge_id", tx))
                {
                    c.Param("@at", Codec.Time(at));
                    c.Param("@why", reason);
                    c.Param("@n", deleted);
                    id = Convert.ToInt64(c.ExecuteScalar()!);
                }
                if (bySite.Count == 0) db.SiteLog.Append(new EvidencePurged(id, reason, 0, at), tx);
                foreach (var (owner, count) in bySite.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    db.SiteLogOf(new SiteId(owner)).Append(new EvidencePurged(id, reason, count, at), tx);
                tx.Commit();
            }
            // Inside a shared transaction this waits for the store closing (after its commit).
            if (db.InSharedTransaction) db.EvidenceDeletedPending = true;
            else db.AfterEvidenceDeleted();
            return new Purge(id, at, reason, deleted);
        }
    }
}
