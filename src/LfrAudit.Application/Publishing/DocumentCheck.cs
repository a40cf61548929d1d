using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// The store's documents against the log's record of their publication: every document the log says was published is
/// there, and no other; each one's text has the SHA-256 the log recorded, its publication time and its signed tree head
/// are the log's, and what it says is what the log said when it was published.
/// </summary>
internal static class DocumentCheck
{
    public static void Compare(Disagreements found, VerifiedLog log, IReadOnlyList<PublishedDocument> stored, IReadOnlyDictionary<string, Deployment> records,
        PublicationSettings settings, WorkingDayCalendar calendar)
    {
        foreach (var h in log.Records.Deployments.Values)
            foreach (var (kind, published) in h.Documents.Where(kv => !stored.Any(doc => doc.Deployment.Value == h.Id && doc.Kind == kv.Key)))
                found.Add($"deployment {h.Id}'s {kind}: published in the audit log at entry {published.Seq}, but missing from the store");
        foreach (var doc in stored)
        {
            var name = $"deployment {doc.Deployment}'s {doc.Kind}";
            if (!log.Records.Deployments.TryGetValue(doc.Deployment.Value, out var h) || !h.Documents.TryGetValue(doc.Kind, out var published))
            {
                found.Add($"{name}: the audit log never recorded its publication");
                continue;
            }
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.Json)));
            if (sha != doc.Sha256) { found.Add($"{name}: its text was changed after it was frozen (SHA-256 now {sha[..16]}…, frozen as {Short(doc.Sha256)})"); continue; }
            if (published.Event.Sha256 != sha) { found.Add($"{name}: the log recorded SHA-256 {Short(published.Event.Sha256)} at entry {published.Seq}, the store holds {sha[..16]}…"); continue; }
            found.Compare(name, "its publication time", AuditEntry.Time(doc.PublishedAt), AuditEntry.Time(published.Event.PublishedAt), published.Seq);
            Anchor(found, name, doc.Anchor, published, log.Heads);
            if (records.TryGetValue(doc.Deployment.Value, out var record))
                found.AddRange(Contents(doc, published, record, LogRecords.Read(log.Entries, published.Seq), settings, calendar).Select(p => $"{name} (published at entry {published.Seq}): {p}"));
        }
    }

    // The head stored with a document is the public's proof that the log holds its publication: it must be one the log
    // signed, covering that entry; and one there must be wherever the log signed a head over it.
    private static void Anchor(Disagreements found, string name, TreeHead? anchor, Recorded<DocumentPublished> published, IReadOnlyList<TreeHead> heads)
    {
        if (anchor is null)
        {
            if (heads.FirstOrDefault(h => h.TreeSize > published.Seq) is { } covering)
                found.Add($"{name}: its signed tree head is missing from the store, where the audit log's head of size {covering.TreeSize} ({AuditEntry.Time(covering.Timestamp)}) covers its publication at entry {published.Seq}");
        }
        else if (!heads.Contains(anchor))
            found.Add($"{name}: its tree head (size {anchor.TreeSize}, {AuditEntry.Time(anchor.Timestamp)}) is not one the audit log signed");
        else if (anchor.TreeSize <= published.Seq)
            found.Add($"{name}: its tree head (size {anchor.TreeSize}) does not cover its publication at entry {published.Seq}");
    }

    private static IReadOnlyList<string> Contents(PublishedDocument doc, Recorded<DocumentPublished> published, Deployment record, LogRecords asPublished,
        PublicationSettings settings, WorkingDayCalendar calendar) => doc.Kind switch
    {
        PublicNotice.Kind => JsonSerializer.Deserialize<PublicNotice>(doc.Json, PublicSite.Json) is { } notice
            ? DocumentsFromLog.NoticeDifferences(notice, asPublished, record, settings, published.Event.PublishedAt, published.Seq, published.Simulated)
            : ["it is not a notice"],
        OutcomeReport.Kind => JsonSerializer.Deserialize<OutcomeReport>(doc.Json, PublicSite.Json) is { } report
            ? DocumentsFromLog.OutcomeDifferences(report, asPublished, record, settings, calendar, published.Event.PublishedAt, published.Simulated)
            : ["it is not an outcome report"],
        _ => [],
    };

    private static string Short(string sha) => sha.Length > 16 ? sha[..16] + "…" : sha;
}
