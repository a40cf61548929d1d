using LfrAudit.Governance.Adjudication;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// An alert is raised once; decided at most once, after it is raised (a decision is final: <see cref="AdjudicationDesk"/>);
/// given at most one engagement outcome, and only once confirmed; its sightings follow its raising.
/// </summary>
internal sealed class AlertRule : ILogRule
{
    private static readonly string Confirm = AlertDecision.Confirm.Name();

    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        switch (e)
        {
            case AlertRaised a when before.Alerts.TryGetValue(a.Alert, out var first):
                problem($"alert {a.Alert} is raised again (first at entry {first.RaisedAt})");
                break;
            case AlertAdjudicated d:
                if (!before.Alerts.TryGetValue(d.Alert, out var decided)) problem($"a decision on alert {d.Alert}, which no earlier entry of this log raised");
                else if (decided.Decision is { } earlier) problem($"alert {d.Alert} is decided again (first at entry {earlier.At}); a decision is final");
                break;
            case EngagementRecorded o:
                if (!before.Alerts.TryGetValue(o.Alert, out var engaged) || engaged.Decision?.Decision != Confirm)
                    problem($"an engagement outcome for alert {o.Alert}, which no earlier entry of this log confirmed");
                else if (engaged.EngagementAt is { } earlier)
                    problem($"alert {o.Alert} is given a second engagement outcome (first at entry {earlier})");
                break;
            case AlertSighted s when !before.Alerts.ContainsKey(s.Alert):
                problem($"sightings of alert {s.Alert}, which no earlier entry of this log raised");
                break;
        }
    }
}
