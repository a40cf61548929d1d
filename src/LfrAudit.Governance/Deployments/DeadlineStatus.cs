using LfrAudit.Governance.Calendar;

namespace LfrAudit.Governance.Deployments;

/// <summary>Where a deployment stands against its public commitments now: the document it owes, by when, and how it went.</summary>
public sealed record DeadlineStatus(string Deployment, string Document, DateTimeOffset DueBy, DateTimeOffset? PublishedAt, string Status)
{
    /// <summary>The document was not published by its deadline and still is not.</summary>
    public bool IsOverdue => Status.StartsWith("overdue", StringComparison.Ordinal);
    /// <summary>The document is owed and its deadline has not passed.</summary>
    public bool IsDue => Status.StartsWith("due", StringComparison.Ordinal);
    /// <summary>The deployment is still live after its planned end: it should be ended.</summary>
    public bool IsLivePastPlannedEnd => Status.Contains("past its planned end", StringComparison.Ordinal);

    /// <summary>The notice until the deployment has run; then the outcome report (owed from the planned end at the latest). Null once cancelled.</summary>
    public static DeadlineStatus? Of(Deployment d, DateTimeOffset now, WorkingDayCalendar calendar)
    {
        string Judge(DateTimeOffset due, DateTimeOffset? published, bool inclusive) => published is { } p
            ? ((inclusive ? p <= due : p < due) ? "on time" : "late")
            : (inclusive ? now <= due : now < due) ? "due" : "overdue";
        if (d.IsLivePastPlannedEnd(now))
        {
            var owed = d.OutcomeDueBy(calendar, now)!.Value;
            return new(d.Id.Value, "outcome report", owed, null, $"{Judge(owed, null, false)}; still live past its planned end {LondonTime.Show(d.PlannedEnd)}: end it");
        }
        return d.State switch
        {
            DeploymentState.Planned => new(d.Id.Value, "notice", d.NoticeDeadline, null, Judge(d.NoticeDeadline, null, true)),
            DeploymentState.Cancelled => null,
            DeploymentState.NoticePublished or DeploymentState.Live =>
                new(d.Id.Value, "notice", d.NoticeDeadline, d.NoticePublishedAt, d.NoticePublishedAt is null ? "overridden" : Judge(d.NoticeDeadline, d.NoticePublishedAt, true)),
            _ => new(d.Id.Value, "outcome report", d.OutcomeDueBy(calendar)!.Value, d.OutcomePublishedAt, Judge(d.OutcomeDueBy(calendar)!.Value, d.OutcomePublishedAt, false)),
        };
    }
}
