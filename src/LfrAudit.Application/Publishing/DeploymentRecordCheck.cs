using System.Globalization;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// A deployment's record in the store against its history in the log, field by field: where and when it was planned to
/// run, why and under whom, its cameras, watchlist, threshold and retention, and each step since — notice, start
/// (watchlist frozen, any urgent override), threshold changes, end, cancellation and reason, outcome.
/// </summary>
internal static class DeploymentRecordCheck
{
    public static void Compare(Disagreements found, Deployment d, DeploymentHistory h)
    {
        void Check(string field, string? inStore, string? inLog, long? entry) => found.Compare($"deployment {d.Id}", field, inStore, inLog, entry ?? h.Planned.Seq);
        var p = h.Planned;
        Check("its location", $"{d.Location.Name}, {d.Location.Area}", p.Event.Location, p.Seq);
        Check("its planned start", Time(d.PlannedStart), Time(p.Event.PlannedStart), p.Seq);
        Check("its planned end", Time(d.PlannedEnd), Time(p.Event.PlannedEnd), p.Seq);
        Check("its purpose", d.Purpose, p.Event.Purpose, p.Seq);
        Check("its authorising officer", d.Officer.ToString(), p.Event.AuthorisedBy, p.Seq);
        Check("its cameras", string.Join(", ", d.Cameras.Select(c => c.Value)), string.Join(", ", p.Event.Cameras), p.Seq);
        Check("its watchlist", d.WatchlistName, p.Event.Watchlist, p.Seq);
        Check("its retention", Retention(d.Retention.RejectedAlert.TotalSeconds, d.Retention.UnadjudicatedAfterEnd.TotalSeconds, d.Retention.ConfirmedMatch.TotalSeconds),
            Retention(p.Event.RejectedRetentionSeconds, p.Event.UnadjudicatedRetentionSeconds, p.Event.ConfirmedRetentionSeconds), p.Seq);
        Check("its state", Deployment.Describe(d.State), Deployment.Describe(h.State), h.LatestStep);
        Check("its notice's publication", Time(d.NoticePublishedAt), Time(h.Notice?.Event.PublishedAt), h.Notice?.Seq);
        Check("its start", Time(d.StartedAt), Time(h.Started?.Event.StartedAt), h.Started?.Seq);
        Check("its frozen watchlist", d.Watchlist is { } w ? Frozen(w) : null, h.Started is { } s ? Frozen(s.Event) : null, h.Started?.Seq);
        Check("its urgent override", d.Override is { } o ? Override(o.Reason, o.By, o.At) : null,
            h.Started?.Event.UrgentOverride is { } lo ? Override(lo.Reason, lo.By, lo.At) : null, h.Started?.Seq);
        Check("its end", Time(d.EndedAt), Time(h.Ended?.Event.EndedAt), h.Ended?.Seq);
        Check("its cancellation", Time(d.CancelledAt), Time(h.Cancelled?.Event.CancelledAt), h.Cancelled?.Seq);
        Check("its reason for cancelling", d.CancelReason, h.Cancelled?.Event.Reason, h.Cancelled?.Seq);
        Check("its outcome report's publication", Time(d.OutcomePublishedAt), Time(h.Outcome?.Event.PublishedAt), h.Outcome?.Seq);
        Check("its threshold", EventJson.Decimal(d.Threshold.Value), EventJson.Decimal(h.Threshold), h.ThresholdChanges.LastOrDefault()?.Seq);
        for (int i = 0; i < Math.Max(d.ThresholdChanges.Count, h.ThresholdChanges.Count); i++)
        {
            var mine = i < d.ThresholdChanges.Count ? d.ThresholdChanges[i] : null;
            var logged = i < h.ThresholdChanges.Count ? h.ThresholdChanges[i] : null;
            Check($"its threshold change {i + 1}", mine is null ? null : Change(mine.From.Value, mine.To.Value, mine.By, mine.Reason, mine.At),
                logged is null ? null : Change(logged.Event.From, logged.Event.To, logged.Event.By, logged.Event.Reason, logged.Event.At), logged?.Seq);
        }
    }

    private static string? Time(DateTimeOffset? t) => t is { } v ? AuditEntry.Time(v) : null;

    private static string Retention(double rejected, double unadjudicated, double confirmed) =>
        string.Create(CultureInfo.InvariantCulture, $"rejected {rejected:0} s, undecided {unadjudicated:0} s after the end, confirmed {confirmed:0} s");

    private static string Frozen(FrozenWatchlist w) => Frozen(w.Name, w.ContentHash, w.Entries, w.Categories.Select(kv => (kv.Key.ToName(), (long)kv.Value)));

    private static string Frozen(DeploymentStarted s) => Frozen(s.Watchlist, s.WatchlistHash, s.WatchlistEntries, s.Categories.Select(kv => (kv.Key, kv.Value)));

    private static string Frozen(string name, string hash, long entries, IEnumerable<(string Category, long Count)> categories) =>
        $"{name} (hash {hash}, {entries} entries: {string.Join(", ", categories.Where(c => c.Count > 0).OrderBy(c => c.Category, StringComparer.Ordinal).Select(c => $"{c.Count} {c.Category}"))})";

    private static string Override(string reason, string by, DateTimeOffset at) => $"'{reason}' by {by} at {AuditEntry.Time(at)}";

    private static string Change(double from, double to, string by, string reason, DateTimeOffset at) =>
        $"{EventJson.Decimal(from)} to {EventJson.Decimal(to)} by {by} at {AuditEntry.Time(at)} ('{reason}')";
}
