using LfrAudit.Core.Time;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// The notice's derived facts are recomputed, not taken on trust: its deadline is the one <see cref="DeploymentRules"/>
/// gives for the planned start (7 days before, London time), and "on time" says whether it was published by that
/// deadline. A deployment goes live without an urgent override only with a timely notice and no earlier than the start
/// the notice advertised (<see cref="Deployment.Start"/>); an override names its reason, and is recorded only on a start that
/// needed one (the product refuses an override where none is needed).
/// </summary>
internal sealed class NoticeRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (DeploymentSteps.StepOf(e) is not { } id || !before.Deployments.TryGetValue(id, out var d)) return;
        // Far outside the years the product accepts (reported by TimeRule), London's calendar has no answer to give.
        if (!TimeBounds.Contains(d.Plan.PlannedStart)) return;
        var deadline = DeploymentRules.NoticeDeadline(d.Plan.PlannedStart);
        switch (e)
        {
            case NoticePublished n:
                if (n.Deadline != deadline)
                    problem($"'deadline' {Shown.Time(n.Deadline)} is not the notice deadline of a deployment planned to start {Shown.Time(d.Plan.PlannedStart)}: that is {Shown.Time(deadline)}");
                if (n.OnTime != (n.PublishedAt <= n.Deadline))
                    problem($"'on_time' is {(n.OnTime ? "true" : "false")}, but it was published {Shown.Time(n.PublishedAt)}, {(n.OnTime ? "after" : "by")} its deadline {Shown.Time(n.Deadline)}");
                break;
            case DeploymentStarted { UrgentOverride: { } o } s:
                if (o.Reason.Trim().Length == 0) problem("the urgent override gives no reason");
                if (!d.StageUnknown && d.Notice is { } timely && timely.PublishedAt <= deadline && s.StartedAt >= d.Plan.PlannedStart)
                    problem($"deployment {Shown.Text(id)} goes live ({Shown.Time(s.StartedAt)}) under an urgent override it did not need: its notice was published {Shown.Time(timely.PublishedAt)}, by the deadline {Shown.Time(deadline)}, and the start its notice advertised ({Shown.Time(d.Plan.PlannedStart)}) had come");
                break;
            case DeploymentStarted s when !d.StageUnknown:
                if (d.Notice is not { } notice)
                    problem($"deployment {Shown.Text(id)} goes live with no urgent override, but no notice was published (deadline {Shown.Time(deadline)})");
                else if (notice.PublishedAt > deadline)
                    problem($"deployment {Shown.Text(id)} goes live with no urgent override, but its notice was published {Shown.Time(notice.PublishedAt)}, after the deadline {Shown.Time(deadline)}");
                if (s.StartedAt < d.Plan.PlannedStart)
                    problem($"deployment {Shown.Text(id)} goes live ({Shown.Time(s.StartedAt)}) before the start its notice advertised ({Shown.Time(d.Plan.PlannedStart)}) with no urgent override");
                break;
        }
    }
}
