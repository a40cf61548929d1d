using LfrAudit.Governance.Accounts;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// Evidence is shown only while it exists, and only to an operator: a view names an alert raised earlier in the log whose
/// evidence the log has not shown deleted (by its rejection, or by a purge that left none held), and a registered operator
/// who is neither disabled nor removed (as for any actor, a log that has registered no user yet is only held to a name that
/// is not empty). What was shown is
/// one of the product's kinds of evidence (<see cref="ValuesRule"/>); to whom, an operator assigned to the alert's
/// deployment (<see cref="ScopeRule"/>).
/// </summary>
internal sealed class EvidenceRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not EvidenceViewed v) return;
        if (!before.Alerts.TryGetValue(v.Alert, out var alert))
            problem($"the evidence of alert {v.Alert} is shown, but no earlier entry of this log raised it");
        else if (alert.EvidencePurgedAt is { } gone)
            problem($"the evidence of alert {v.Alert} is shown after it was deleted (entry {gone}): deleted evidence cannot be shown");
        if (v.By.Trim().Length == 0) problem("'by' is empty: evidence is shown only to a named operator");
        else if (before.Users.Count > 0)
        {
            if (before.User(v.By) is not { } user)
                problem($"'by' '{Shown.Text(v.By)}' is not a registered user at this point of the log (no earlier user.added names them): evidence is shown only to a registered operator");
            else if (user.Inactive is { } inactive)
                problem($"'by' '{Shown.Text(v.By)}' {inactive}");
            else if (user.Role != Role.Operator)
                problem($"'by' '{Shown.Text(v.By)}' is {(user.Role is { } r ? $"a {r.Name()}" : "of a role the product does not have")}: evidence is shown only to operators");
        }
    }
}
