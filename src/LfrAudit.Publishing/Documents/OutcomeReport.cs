using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Publishing.Documents;

/// <summary>
/// What the public is told after a deployment: what the system saw and did, what people decided, how it
/// ended, and whether the notice and this report kept their deadlines. Frozen when published.
/// </summary>
public sealed record OutcomeReport(
    string DeploymentId,
    string Force,
    string Location,
    string Area,
    DateTimeOffset PlannedStart,
    DateTimeOffset PlannedEnd,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationHours,
    long FacesSeen,
    long Alerts,
    long ConfirmedAlerts,
    long FalseAlerts,
    long UnsureAlerts,
    long AlertsNotAdjudicated,
    double? FalseAlertRatePerFaceSeen,
    double? FalseAlertRatePerAlert,
    long Engagements,
    long Arrests,
    IReadOnlyDictionary<string, long> EngagementOutcomes,
    double ThresholdAtStart,
    double ThresholdAtEnd,
    IReadOnlyList<ThresholdChangeRecord> ThresholdChanges,
    int WatchlistSize,
    string WatchlistContentHash,
    DateTimeOffset? NoticePublishedAt,
    DateTimeOffset NoticeDeadline,
    bool NoticeOnTime,
    UrgentOverrideRecord? UrgentOverride,
    DateTimeOffset PublishedAt,
    DateTimeOffset DueBy,
    bool PublishedOnTime,
    long RunsInterrupted = 0,
    bool DueByProvisional = false,
    bool DatedBySimulation = false,
    IReadOnlyList<RecognitionModelName>? RecognitionModels = null)
{
    /// <summary>The document kind an outcome report is stored and anchored under.</summary>
    public const string Kind = "outcome";

    /// <param name="models">The recognition models its runs used (<see cref="OutcomeFigures.Models"/>), as documents name them.</param>
    public static OutcomeReport Build(Deployment d, OutcomeFigures f, PublicationSettings settings, WorkingDayCalendar calendar, DateTimeOffset publishedAt,
        IReadOnlyList<RecognitionModelName> models)
    {
        if (d.StartedAt is not { } started || d.EndedAt is not { } ended || d.Watchlist is not { } watchlist)
            throw new DeploymentRuleException($"deployment {d.Id} has not run and ended: there is no outcome to report");
        var (due, provisional) = d.OutcomeDeadline(calendar)!.Value;
        return new OutcomeReport(d.Id.Value, settings.Force, d.Location.Name, d.Location.Area, d.PlannedStart, d.PlannedEnd, started, ended,
            Math.Round((ended - started).TotalHours, 2), f.FacesSeen, f.Alerts, f.Confirmed, f.FalseAlerts, f.Unsure, f.NotAdjudicated,
            f.FalseAlertRatePerFaceSeen, f.FalseAlertRatePerAlert, f.Engagements.Values.Sum(), f.Arrests,
            f.Engagements.ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
            d.ThresholdChanges.Count > 0 ? d.ThresholdChanges[0].From.Value : d.Threshold.Value, d.Threshold.Value,
            d.ThresholdChanges.Select(t => new ThresholdChangeRecord(t.From.Value, t.To.Value, t.By, t.Reason, t.At)).ToList(),
            watchlist.Entries, watchlist.ContentHash, d.NoticePublishedAt, d.NoticeDeadline, d.HasTimelyNotice,
            d.Override is { } o ? new UrgentOverrideRecord(o.Reason, o.By, o.At) : null,
            publishedAt, due, publishedAt < due, f.RunsInterrupted, provisional, RecognitionModels: models);
    }
}

/// <summary>A change of threshold during a deployment, as its outcome report gives it.</summary>
/// <param name="From">The threshold before.</param>
/// <param name="To">The threshold after.</param>
/// <param name="AuthorisedBy">The officer who authorised it.</param>
/// <param name="Reason">Why, in their words.</param>
/// <param name="At">When.</param>
public sealed record ThresholdChangeRecord(double From, double To, string AuthorisedBy, string Reason, DateTimeOffset At);

/// <summary>A deployment that went live without its notice's week, as its outcome report says.</summary>
/// <param name="Reason">Why, in the authorising officer's words.</param>
/// <param name="AuthorisedBy">The officer who authorised it.</param>
/// <param name="At">When.</param>
public sealed record UrgentOverrideRecord(string Reason, string AuthorisedBy, DateTimeOffset At);
