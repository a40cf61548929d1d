using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Audit.Vocabulary;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// Before anything is published or shown to the IAG from a store, it is checked against the store's audit log: every
/// frozen document's text against the SHA-256 it was anchored with in the log; an outcome report's figures against the
/// log's entries up to its publication; and each deployment's figures in the store against the log as it stands. Any
/// difference is a problem naming the deployment, the document or figure, and both values: records that disagree with
/// the log are not believed.
/// </summary>
public static class PublicationCheck
{
    public static IReadOnlyList<string> Problems(IStore store)
    {
        var problems = new List<string>();
        // Each deployment's records are its own site's log's (a central store keeps one per site).
        var logs = new Dictionary<SiteId, IReadOnlyList<ReadEntry>>();
        IReadOnlyList<ReadEntry> LogOf(SiteId site)
        {
            if (logs.TryGetValue(site, out var read)) return read;
            var entries = new List<AuditEntry>();
            foreach (var line in store.AuditOf(site).Entries())
                if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
            return logs[site] = LogContents.Read(entries).Entries;
        }
        var deployments = store.Deployments.List().ToDictionary(d => d.Id);
        SiteId SiteOf(Core.Deployments.DeploymentId id) => deployments.TryGetValue(id, out var d) && d.Site is { } s ? s : store.Site;

        foreach (var doc in store.Documents.List())
        {
            var name = $"deployment {doc.Deployment}'s {doc.Kind}";
            var log = LogOf(SiteOf(doc.Deployment));
            var anchored = log.Where(r => r.Event is DocumentPublished).Select(r => (r.Entry.Seq, Doc: (DocumentPublished)r.Event!)).ToList();
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.Json)));
            if (sha != doc.Sha256) { problems.Add($"{name}: its text was changed after it was frozen (SHA-256 now {sha[..16]}…, frozen as {doc.Sha256[..16]}…)"); continue; }
            var record = anchored.LastOrDefault(a => a.Doc.Deployment == doc.Deployment.Value && a.Doc.Kind == doc.Kind);
            if (record.Doc is null) { problems.Add($"{name}: the audit log never recorded its publication"); continue; }
            if (record.Doc.Sha256 != sha) { problems.Add($"{name}: the log recorded SHA-256 {record.Doc.Sha256[..16]}… at entry {record.Seq}, the store holds {sha[..16]}…"); continue; }
            if (doc.Kind == OutcomeReport.Kind && JsonSerializer.Deserialize<OutcomeReport>(doc.Json, PublicSite.Json) is { } report)
                Compare(problems, $"{name} (published at entry {record.Seq})", FiguresFromLog.Of(log, doc.Deployment.Value, record.Seq),
                    (report.FacesSeen, report.Alerts, report.ConfirmedAlerts, report.FalseAlerts, report.UnsureAlerts, report.Engagements, report.Arrests));
        }
        foreach (var d in deployments.Values)
        {
            var f = store.Deployments.Figures(d.Id);
            Compare(problems, $"deployment {d.Id}'s records in the store", FiguresFromLog.Of(LogOf(SiteOf(d.Id)), d.Id.Value),
                (f.FacesSeen, f.Alerts, f.Confirmed, f.Rejected, f.Unsure, f.Engagements.Values.Sum(), f.Arrests));
        }
        return problems;
    }

    private static void Compare(List<string> problems, string what, LogFigures log,
        (long Seen, long Alerts, long Confirmed, long Rejected, long Unsure, long Engagements, long Arrests) shown)
    {
        var pairs = new (string Name, long Shown, long Log)[]
        {
            ("faces seen", shown.Seen, log.FacesSeen), ("alerts", shown.Alerts, log.Alerts), ("confirmed", shown.Confirmed, log.Confirmed),
            ("rejected", shown.Rejected, log.Rejected), ("unsure", shown.Unsure, log.Unsure), ("engagement outcomes", shown.Engagements, log.Engagements),
            ("arrests", shown.Arrests, log.Arrests),
        };
        foreach (var (name, s, l) in pairs.Where(p => p.Shown != p.Log))
            problems.Add($"{what}: {name} {s}, where the audit log records {l}");
    }
}
