using LfrAudit.Governance.Calendar;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// The two public commitments with deadlines. "7 days" and "working days" are read as the public reads
/// them, on London's calendar: a notice must be published no later than the same London clock time 7
/// calendar days before the start (167 or 169 elapsed hours across a clock change), and the outcome is due
/// by the end of the 5th England-and-Wales working day after the London date the deployment ended (or its planned
/// end, if that came first: see <see cref="OutcomeClockStart"/>).
/// </summary>
public static class DeploymentRules
{
    /// <summary>A notice is published at least this many days before the planned start.</summary>
    public const int NoticeDays = 7;
    /// <summary>An outcome report is due within this many working days of the end.</summary>
    public const int OutcomeWorkingDays = 5;

    /// <summary>The latest instant a notice may be published for a deployment starting at <paramref name="plannedStart"/>.</summary>
    public static DateTimeOffset NoticeDeadline(DateTimeOffset plannedStart) => LondonTime.AddLocalDays(plannedStart, -NoticeDays);

    /// <summary>Whether a notice published then was on time for a deployment starting at <paramref name="plannedStart"/> (on the deadline counts).</summary>
    public static bool NoticeIsTimely(DateTimeOffset noticePublishedAt, DateTimeOffset plannedStart) =>
        noticePublishedAt <= NoticeDeadline(plannedStart);

    /// <summary>
    /// The instant the outcome report becomes overdue: midnight (London) closing the 5th working day after the
    /// end. In a year the bank-holiday table does not cover, the earliest the true deadline can be (see
    /// <see cref="WorkingDayCalendar.AddWorkingDaysAtTheLatest"/>).
    /// </summary>
    public static DateTimeOffset OutcomeDueBy(DateTimeOffset endedAt, WorkingDayCalendar calendar) => OutcomeDeadline(endedAt, calendar).DueBy;

    /// <summary>The outcome report's deadline for a deployment that ended then, and whether it is provisional (<see cref="OutcomeDueBy"/>).</summary>
    public static Deadline OutcomeDeadline(DateTimeOffset endedAt, WorkingDayCalendar calendar)
    {
        var lastDay = calendar.AddWorkingDaysAtTheLatest(LondonTime.DateOf(endedAt), OutcomeWorkingDays, out var provisional);
        return new Deadline(LondonTime.StartOf(lastDay.AddDays(1)), provisional);
    }

    /// <summary>
    /// When the outcome clock starts: the actual end, or the planned end if that came first — a deployment left
    /// live past its planned end owes its report all the same. Null while the planned end is still ahead.
    /// </summary>
    public static DateTimeOffset? OutcomeClockStart(DateTimeOffset plannedEnd, DateTimeOffset? endedAt, DateTimeOffset now) =>
        endedAt is { } e ? (e < plannedEnd ? e : plannedEnd) : now >= plannedEnd ? plannedEnd : null;
}

/// <summary>A deadline, and whether it is provisional (computed without the bank holidays of its year).</summary>
public readonly record struct Deadline(DateTimeOffset DueBy, bool Provisional);
