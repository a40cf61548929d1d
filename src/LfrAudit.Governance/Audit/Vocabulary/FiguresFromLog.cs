using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// Recomputes a deployment's outcome figures from the entries of its site's log alone — faces seen from the per-minute
/// counts of its runs, alerts raised in them, the decisions and engagement outcomes on those alerts, runs interrupted —
/// so that every figure the store or a document shows can be checked against the record the IAG verifies.
/// </summary>
public static class FiguresFromLog
{
    private static readonly Dictionary<string, EngagementOutcome> OutcomesByName =
        Enum.GetValues<EngagementOutcome>().ToDictionary(o => o.Name(), StringComparer.Ordinal);

    /// <param name="upTo">Only entries before this one (a document's figures are those of the log when it was published).</param>
    public static OutcomeFigures Of(IReadOnlyList<ReadEntry> entries, string deployment, long? upTo = null) =>
        Of(LogRecords.Read(entries, upTo), deployment);

    /// <summary>
    /// The outcome figures of one deployment from a log already read: its runs' faces, alerts, decisions, engagement
    /// outcomes, interrupted runs and the models they used.
    /// </summary>
    public static OutcomeFigures Of(LogRecords log, string deployment)
    {
        var runs = log.RunsOf(deployment).ToList();
        var ids = runs.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var alerts = log.Alerts.Values.Where(a => ids.Contains(a.Raised.Event.Run)).ToList();
        long Decided(string decision) => alerts.Count(a => a.Decision?.Event.Decision == decision);
        var engagements = alerts.Select(a => a.Engagement?.Event.Outcome).OfType<string>()
            // An outcome this version does not name is counted as "other", never dropped.
            .GroupBy(name => OutcomesByName.GetValueOrDefault(name, EngagementOutcome.Other))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        return new OutcomeFigures(runs.Sum(r => r.FacesCounted), alerts.Count, Decided("confirm"), Decided("reject"), Decided("unsure"),
            alerts.Count(a => a.Decision is null), engagements, runs.Count(r => r.End == "interrupted"))
        {
            Models = [.. runs.Select(r => r.Started.Event.Model).Distinct().Order(StringComparer.Ordinal)],
        };
    }
}
