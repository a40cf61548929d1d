using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A deployment moves through its life as <see cref="Deployment"/> allows: planned once, ending after it starts; then
/// notice → live → ended → outcome published, or cancelled before it goes live; its threshold changes only until it
/// ends. A step of a deployment the log never planned, or out of that order (started twice, ended before it started,
/// anything after a cancellation), could not have been recorded. A deployment an older version stepped with
/// "deployment.updated" (which says no more than that it changed) is not held to the order from then on.
/// </summary>
internal sealed class DeploymentRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is DeploymentPlanned p)
        {
            if (before.Deployments.TryGetValue(p.Deployment, out var first))
                problem($"deployment {Shown.Text(p.Deployment)} is planned again (first at entry {first.PlannedAt})");
            if (p.PlannedEnd <= p.PlannedStart)
                problem($"deployment {Shown.Text(p.Deployment)} is planned to end ({Shown.Time(p.PlannedEnd)}) before it starts ({Shown.Time(p.PlannedStart)})");
            return;
        }
        if (DeploymentSteps.StepOf(e) is not { } id) return;
        if (!before.Deployments.TryGetValue(id, out var d))
        {
            problem($"a step of deployment {Shown.Text(id)}, which no earlier entry of this log planned");
            return;
        }
        if (d.StageUnknown) return;
        var (allowed, action) = e switch
        {
            NoticePublished => ([DeploymentState.Planned], "publish its notice"),
            DeploymentStarted => ([DeploymentState.Planned, DeploymentState.NoticePublished], "go live"),
            ThresholdChanged => ([DeploymentState.Planned, DeploymentState.NoticePublished, DeploymentState.Live], "change its threshold"),
            DeploymentEnded => ([DeploymentState.Live], "end"),
            DeploymentCancelled => ([DeploymentState.Planned, DeploymentState.NoticePublished], "be cancelled"),
            OutcomePublished => ([DeploymentState.Ended], "publish its outcome"),
            _ => (Array.Empty<DeploymentState>(), ""),
        };
        if (action.Length > 0 && !allowed.Contains(d.Stage))
            problem($"deployment {Shown.Text(id)} is {Deployment.Describe(d.Stage)}: it must be {string.Join(" or ", allowed.Select(Deployment.Describe))} to {action}");

        // The product refuses a notice or a start once the planned end has passed, and an end before the start.
        switch (e)
        {
            case NoticePublished n when n.PublishedAt >= d.Plan.PlannedEnd:
                problem($"the notice of deployment {Shown.Text(id)} is published ({Shown.Time(n.PublishedAt)}) after its planned end ({Shown.Time(d.Plan.PlannedEnd)})");
                break;
            case DeploymentStarted s when s.StartedAt >= d.Plan.PlannedEnd:
                problem($"deployment {Shown.Text(id)} goes live ({Shown.Time(s.StartedAt)}) after its planned end ({Shown.Time(d.Plan.PlannedEnd)})");
                break;
            case DeploymentEnded x when d.Started is { } started && x.EndedAt < started.StartedAt:
                problem($"deployment {Shown.Text(id)} ends ({Shown.Time(x.EndedAt)}) before it went live ({Shown.Time(started.StartedAt)})");
                break;
        }
    }
}
