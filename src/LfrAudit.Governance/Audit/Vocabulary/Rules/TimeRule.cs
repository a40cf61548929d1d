using LfrAudit.Core.Time;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// The times inside an entry lie where the product could have put them, judged against the entry's own time:
/// <list type="bullet">
/// <item>the time a step happened (a decision's, a publication's, a sign-in's…) is read from the clock that dates its
/// entry, in the same transaction, so it is within <see cref="SameMoment"/> of it — the store dates an entry up to that
/// much after a clock running behind it, and refuses a clock further behind;</item>
/// <item>a planned start or end lies ahead of the planning (the product refuses a start in the past) and before 2100
/// (<see cref="TimeBounds"/>: every typed time lies in 2000-2099);</item>
/// <item>a frame's time (an alert's captured_at, a minute of counts, a last sighting) is its run's start plus the frame's
/// offset into the footage, so never before the run's entry; it may lie after the entry that records it — recorded
/// footage is searched faster than it plays — but not past 2099;</item>
/// <item>the entry itself is dated in the years the product runs in.</item>
/// </list>
/// Nothing in an entry predates the log but for what the log never carries (a watchlist's own dates stay in the store).
/// </summary>
public sealed class TimeRule : ILogRule
{
    /// <summary>How far behind the latest record a clock may read and still be the same moment (the stores' own tolerance).</summary>
    public static readonly TimeSpan SameMoment = TimeSpan.FromMinutes(5);

    private enum Kind { Now, Ahead, Frame, FrameMinute }

    /// <summary>
    /// Reports each time in the entry, and the entry's own, that lies where the product could not have put it.
    /// </summary>
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (!TimeBounds.Contains(entry.At))
        {
            problem($"logged at {Shown.Time(entry.At)}, outside the years LfrAudit records (2000 to 2099)");
            return;
        }
        foreach (var (field, t, kind) in TimesOf(e))
        {
            if (kind == Kind.Now)
            {
                if ((t - entry.At).Duration() > SameMoment)
                    problem($"'{field}' {Shown.Time(t)} is not when this entry was logged ({Shown.Time(entry.At)}): the product records a step within 5 minutes of it");
                continue;
            }
            if (t >= TimeBounds.Latest)
            {
                problem($"'{field}' {Shown.Time(t)} is after 2099, where no time the product records lies");
                continue;
            }
            if (kind == Kind.Ahead && t < entry.At - SameMoment)
                problem($"'{field}' {Shown.Time(t)} is before this entry was logged ({Shown.Time(entry.At)}): a deployment is planned ahead, never in the past");
            else if (kind is Kind.Frame or Kind.FrameMinute && RunStartOf(e, before) is { } start)
            {
                // A minute of counts is its frames' time cut to the minute, so it may begin up to a minute before the run.
                var earliest = start.LoggedAt - SameMoment - (kind == Kind.FrameMinute ? TimeSpan.FromMinutes(1) : TimeSpan.Zero);
                if (t < earliest)
                    problem($"'{field}' {Shown.Time(t)} is before its run started (entry {start.StartedAt}, logged {Shown.Time(start.LoggedAt)}): a frame's time is the run's start plus its offset");
            }
            else if (kind is Kind.Frame or Kind.FrameMinute && before.FirstAt is { } first && t < first - SameMoment - TimeSpan.FromMinutes(1))
                problem($"'{field}' {Shown.Time(t)} is before the log began ({Shown.Time(first)})");
        }
    }

    private static LoggedRun? RunStartOf(IAuditEvent e, LogSoFar before) => e switch
    {
        AlertRaised a => before.Runs.GetValueOrDefault(a.Run),
        FacesCounted f => before.Runs.GetValueOrDefault(f.Run),
        AlertSighted s when before.Alerts.TryGetValue(s.Alert, out var a) => before.Runs.GetValueOrDefault(a.Raised.Run),
        _ => null,
    };

    private static IEnumerable<(string Field, DateTimeOffset Time, Kind Kind)> TimesOf(IAuditEvent e) => e switch
    {
        DeploymentPlanned x => [("planned_start", x.PlannedStart, Kind.Ahead), ("planned_end", x.PlannedEnd, Kind.Ahead)],
        NoticePublished x => [("published_at", x.PublishedAt, Kind.Now)],
        DeploymentStarted x => x.UrgentOverride is { } o
            ? [("started_at", x.StartedAt, Kind.Now), ("urgent_override.at", o.At, Kind.Now)]
            : [("started_at", x.StartedAt, Kind.Now)],
        DeploymentEnded x => [("ended_at", x.EndedAt, Kind.Now)],
        DeploymentCancelled x => [("cancelled_at", x.CancelledAt, Kind.Now)],
        OutcomePublished x => [("published_at", x.PublishedAt, Kind.Now)],
        ThresholdChanged x => [("at", x.At, Kind.Now)],
        ThresholdApplied x => [("at", x.At, Kind.Now)],
        DocumentPublished x => [("published_at", x.PublishedAt, Kind.Now)],
        RunInterrupted x => [("closed_at", x.ClosedAt, Kind.Now)],
        FacesCounted x => [("minute", x.Minute, Kind.FrameMinute)],
        AlertRaised x => [("captured_at", x.CapturedAt, Kind.Frame)],
        AlertSighted x => [("last_seen_at", x.LastSeenAt, Kind.Frame)],
        AlertAdjudicated x => [("at", x.At, Kind.Now)],
        EngagementRecorded x => [("at", x.At, Kind.Now)],
        EvidencePurged x => [("at", x.At, Kind.Now)],
        UserAdded x => [("at", x.At, Kind.Now)],
        IUserChange x => [("at", x.At, Kind.Now)],
        ApiKeyIssued x => [("at", x.At, Kind.Now)],
        ApiKeyRevoked x => [("at", x.At, Kind.Now)],
        SignInRecorded x => [("at", x.At, Kind.Now)],
        OperatorAssigned x => [("at", x.At, Kind.Now)],
        OperatorUnassigned x => [("at", x.At, Kind.Now)],
        EvidenceViewed x => [("at", x.At, Kind.Now)],
        _ => [],
    };
}
