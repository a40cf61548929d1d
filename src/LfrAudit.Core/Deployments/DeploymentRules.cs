using LfrAudit.Core.Calendar;

namespace LfrAudit.Core.Deployments;

/// <summary>
/// The two public commitments with deadlines. "7 days" and "working days" are read as the public reads
/// them, on London's calendar: a notice must be published no later than the same London clock time 7
/// calendar days before the start (167 or 169 elapsed hours across a clock change), and the outcome is due
/// by the end of the 5th England-and-Wales working day after the London date the deployment ended.
/// </summary>
public static class DeploymentRules
{
    public const int NoticeDays = 7;
    public const int OutcomeWorkingDays = 5;

    /// <summary>The latest instant a notice may be published for a deployment starting at <paramref name="plannedStart"/>.</summary>
    public static DateTimeOffset NoticeDeadline(DateTimeOffset plannedStart) => LondonTime.AddLocalDays(plannedStart, -NoticeDays);

    public static bool NoticeIsTimely(DateTimeOffset noticePublishedAt, DateTimeOffset plannedStart) =>
        noticePublishedAt <= NoticeDeadline(plannedStart);

    /// <summary>The instant the outcome report becomes overdue: midnight (London) closing the 5th working day after the end.</summary>
    public static DateTimeOffset OutcomeDueBy(DateTimeOffset endedAt, WorkingDayCalendar calendar)
    {
        var lastDay = calendar.AddWorkingDays(LondonTime.DateOf(endedAt), OutcomeWorkingDays);
        return LondonTime.StartOf(lastDay.AddDays(1));
    }
}
