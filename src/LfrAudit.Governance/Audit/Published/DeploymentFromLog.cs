using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Audit.Published;

/// <summary>
/// A deployment as its log records it, so documents about it can be built from the log with the very builders that
/// publish them. The log writes the place as "name, area" and the officer as "rank name": those two, which it cannot
/// split, are taken from the store's record, whose joined form the caller checks against the log.
/// </summary>
public static class DeploymentFromLog
{
    /// <summary>
    /// The deployment as its log left it: plan, steps, threshold in force, frozen watchlist and urgent override, with
    /// the place and officer the caller has checked against the log's joined text.
    /// </summary>
    /// <param name="site">The site whose log it is, as the store records it.</param>
    public static Deployment Of(DeploymentHistory h, DeploymentLocation location, AuthorisingOfficer officer, SiteId? site)
    {
        var p = h.Planned.Event;
        var started = h.Started?.Event;
        var categories = new Dictionary<WatchlistCategory, int>();
        foreach (var (name, count) in started?.Categories ?? new Dictionary<string, long>())
            if (WatchlistCategories.TryParse(name, out var c)) categories[c] = (int)count;
        return new Deployment(new DeploymentId(p.Deployment), location, p.PlannedStart, p.PlannedEnd, p.Purpose, officer,
            p.Cameras.Select(c => new CameraId(c)).ToList(), p.Watchlist, new Threshold(h.Threshold),
            new RetentionPolicy(TimeSpan.FromSeconds(p.RejectedRetentionSeconds), TimeSpan.FromSeconds(p.UnadjudicatedRetentionSeconds), TimeSpan.FromSeconds(p.ConfirmedRetentionSeconds)),
            h.Planned.Entry.At, h.State, h.Notice?.Event.PublishedAt, started?.StartedAt, h.Ended?.Event.EndedAt, h.Outcome?.Event.PublishedAt,
            h.Cancelled?.Event.CancelledAt, h.Cancelled?.Event.Reason,
            started?.UrgentOverride is { } o ? new UrgentOverride(o.Reason, o.By, o.At) : null,
            started is null ? null : new FrozenWatchlist(started.Watchlist, started.WatchlistHash, (int)started.WatchlistEntries, categories),
            h.ThresholdChanges.Select(t => new ThresholdChange(new Threshold(t.Event.From), new Threshold(t.Event.To), t.Event.By, t.Event.Reason, t.Event.At)),
            site);
    }
}
