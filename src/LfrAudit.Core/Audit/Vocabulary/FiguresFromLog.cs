namespace LfrAudit.Core.Audit.Vocabulary;

/// <summary>A deployment's counts as its site's log records them: what the store's figures and a published outcome report must agree with.</summary>
public sealed record LogFigures(long FacesSeen, long Alerts, long Confirmed, long Rejected, long Unsure, long Engagements, long Arrests);

/// <summary>
/// Recomputes a deployment's outcome figures from the entries of its site's log alone — faces seen from the per-minute
/// counts of its runs, alerts raised in them, the decisions and engagement outcomes on those alerts — so that a figure
/// the store or a document shows can be checked against the record the IAG verifies.
/// </summary>
public static class FiguresFromLog
{
    /// <param name="upTo">Only entries before this one (a document's figures are those of the log when it was published).</param>
    public static LogFigures Of(IReadOnlyList<ReadEntry> entries, string deployment, long? upTo = null)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        var alerts = new HashSet<long>();
        long seen = 0, confirmed = 0, rejected = 0, unsure = 0, engagements = 0, arrests = 0;
        foreach (var r in entries)
        {
            if (upTo is { } limit && r.Entry.Seq >= limit) break;
            switch (r.Event)
            {
                case RunStarted s when s.Deployment == deployment: runs.Add(s.Run); break;
                case FacesCounted f when runs.Contains(f.Run): seen += f.Seen; break;
                case AlertRaised a when runs.Contains(a.Run): alerts.Add(a.Alert); break;
                case AlertAdjudicated d when alerts.Contains(d.Alert):
                    if (d.Decision == "confirm") confirmed++; else if (d.Decision == "reject") rejected++; else unsure++;
                    break;
                case EngagementRecorded e when alerts.Contains(e.Alert):
                    engagements++;
                    if (e.Outcome == "arrested") arrests++;
                    break;
            }
        }
        return new LogFigures(seen, alerts.Count, confirmed, rejected, unsure, engagements, arrests);
    }
}
