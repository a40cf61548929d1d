namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// An operator works only the alerts of the deployments they are assigned to: a decision, an engagement outcome and a view
/// of the evidence of a deployment's alert name an operator assigned to that deployment at that point of the log (assigned,
/// and not taken off since). An alert of a run outside any deployment has no one assigned, and is not held to this. A log
/// that has assigned no one yet (written before operators were assigned) cannot hold its decisions to an assignment; a view
/// of evidence is always recorded by a version that assigns, so it always is.
/// </summary>
internal sealed class ScopeRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        var (alert, by, act) = e switch
        {
            AlertAdjudicated d when before.AssignsOperators => (d.Alert, d.By, "decides"),
            EngagementRecorded o when before.AssignsOperators => (o.Alert, o.By, "records the engagement outcome of"),
            EvidenceViewed v => (v.Alert, v.By, $"is shown the {Shown.Text(v.Evidence)} of"),
            _ => (0L, null, null),
        };
        if (act is null || !before.Alerts.TryGetValue(alert, out var raised)) return; // an alert never raised: AlertRule and EvidenceRule say so
        if (!before.Runs.TryGetValue(raised.Raised.Run, out var run) || run.Start.Deployment is not { } deployment) return;
        if (!before.IsAssigned(deployment, by!))
            problem($"'{Shown.Text(by!)}' {act} alert {alert} of deployment {Shown.Text(deployment)} without being assigned to it at this point of the log: an operator works only the alerts of the deployments a supervisor assigned them to");
    }
}
