using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

/// <summary>The audit events a deployment raises as it moves through its life, built from its own state.</summary>
internal static class DeploymentEventsRaised
{
    private static IReadOnlyDictionary<string, long> Counts(IReadOnlyDictionary<WatchlistCategory, int> c) =>
        c.ToDictionary(kv => kv.Key.ToName(), kv => (long)kv.Value);

    public static DeploymentPlanned Planned(Deployment d, Actor? by) => new(d.Id.Value, $"{d.Location.Name}, {d.Location.Area}", d.PlannedStart, d.PlannedEnd,
        d.Purpose, d.Officer.ToString(), d.Cameras.Select(c => c.Value).ToList(), d.WatchlistName, d.Threshold.Value,
        (long)d.Retention.RejectedAlert.TotalSeconds, (long)d.Retention.UnadjudicatedAfterEnd.TotalSeconds, (long)d.Retention.ConfirmedMatch.TotalSeconds,
        by?.Name, by?.Via);

    public static NoticePublished Notice(Deployment d, Actor? by) => new(d.Id.Value, d.NoticePublishedAt!.Value, d.NoticeDeadline, d.HasTimelyNotice, by?.Name, by?.Via);

    public static DeploymentStarted Started(Deployment d, Actor? by) => new(d.Id.Value, d.StartedAt!.Value, d.Watchlist!.Name, d.Watchlist.ContentHash,
        d.Watchlist.Entries, Counts(d.Watchlist.Categories), d.Threshold.Value,
        d.Override is { } o ? new OverrideRecord(o.Reason, o.By, o.At) : null, by?.Name, by?.Via);

    public static DeploymentEnded Ended(Deployment d, Actor? by) => new(d.Id.Value, d.EndedAt!.Value, by?.Name, by?.Via);

    public static DeploymentCancelled Cancelled(Deployment d, Actor? by) => new(d.Id.Value, d.CancelledAt!.Value, d.CancelReason!, by?.Name, by?.Via);

    public static OutcomePublished Outcome(Deployment d, Actor? by) => new(d.Id.Value, d.OutcomePublishedAt!.Value, by?.Name, by?.Via);

    public static ThresholdChanged Threshold(Deployment d, ThresholdChange t, string? via) => new(d.Id.Value, t.From.Value, t.To.Value, t.By, t.Reason, t.At, via);
}
