using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Deployments;

/// <summary>A deployment as a front end shows it in JSON: UTC times, with the deadlines worked out.</summary>
public sealed record DeploymentView(
    string Id, string State, string Location, string Area, double? Latitude, double? Longitude,
    DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, string Purpose, string AuthorisingOfficer, string Rank,
    IReadOnlyList<string> Cameras, string Watchlist, double Threshold, DateTimeOffset NoticeDeadline,
    DateTimeOffset? NoticePublishedAt, bool NoticeOnTime, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? OutcomeDueBy, DateTimeOffset? OutcomePublishedAt, bool? OutcomeOnTime,
    DateTimeOffset? CancelledAt, string? CancelReason, object? UrgentOverride, object? FrozenWatchlist, object Retention,
    IReadOnlyList<object> ThresholdChanges)
{
    /// <summary>The deployment as a front end shows it, its deadlines worked out with <paramref name="calendar"/>.</summary>
    public static DeploymentView From(Deployment d, WorkingDayCalendar calendar)
    {
        var due = d.OutcomeDueBy(calendar);
        return new DeploymentView(d.Id.Value, Deployment.Describe(d.State), d.Location.Name, d.Location.Area, d.Location.Latitude, d.Location.Longitude,
            d.PlannedStart, d.PlannedEnd, d.Purpose, d.Officer.Name, d.Officer.Rank, d.Cameras.Select(c => c.Value).ToList(), d.WatchlistName,
            d.Threshold.Value, d.NoticeDeadline, d.NoticePublishedAt, d.HasTimelyNotice, d.StartedAt, d.EndedAt, due, d.OutcomePublishedAt,
            due is { } by && d.OutcomePublishedAt is { } at ? at < by : null,
            d.CancelledAt, d.CancelReason,
            d.Override is { } o ? new { reason = o.Reason, by = o.By, at = o.At } : null,
            d.Watchlist is { } w ? new { name = w.Name, content_hash = w.ContentHash, entries = w.Entries, categories = w.Categories.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value) } : null,
            new { rejected_alert_hours = d.Retention.RejectedAlert.TotalHours, unadjudicated_after_end_hours = d.Retention.UnadjudicatedAfterEnd.TotalHours, confirmed_match_days = d.Retention.ConfirmedMatch.TotalDays },
            d.ThresholdChanges.Select(t => (object)new { from = t.From.Value, to = t.To.Value, by = t.By, reason = t.Reason, at = t.At }).ToList());
    }
}
