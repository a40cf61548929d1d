using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// An operator is assigned to a deployment the log planned and did not cancel, once while assigned (the product refuses a
/// second assignment), and taken off only while assigned; the one assigned is a registered operator (<see cref="OperatorAssignments"/>).
/// Who assigns is a registered supervisor (<see cref="ActorRule"/>). As for any actor, a log that has registered no user yet
/// can only be held to a name that is not empty.
/// </summary>
internal sealed class AssignmentRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        switch (e)
        {
            case OperatorAssigned a:
                if (!before.Deployments.TryGetValue(a.Deployment, out var d))
                    problem($"an operator assigned to deployment {Shown.Text(a.Deployment)}, which no earlier entry of this log planned");
                else if (d.Stage == DeploymentState.Cancelled && !d.StageUnknown)
                    problem($"an operator assigned to deployment {Shown.Text(a.Deployment)}, which was cancelled: it raises no alert to work");
                if (before.Assigned.TryGetValue((a.Deployment, a.Operator), out var since))
                    problem($"'{Shown.Text(a.Operator)}' is assigned to deployment {Shown.Text(a.Deployment)} again (assigned at entry {since}, not taken off since): an assignment is recorded once");
                if (OperatorProblem(a.Operator, before) is { } why) problem(why);
                break;
            case OperatorUnassigned u:
                if (!before.Deployments.ContainsKey(u.Deployment))
                    problem($"an operator taken off deployment {Shown.Text(u.Deployment)}, which no earlier entry of this log planned");
                else if (!before.IsAssigned(u.Deployment, u.Operator))
                    problem($"'{Shown.Text(u.Operator)}' is taken off deployment {Shown.Text(u.Deployment)}, to which they are not assigned at this point of the log");
                break;
        }
    }

    // Only an operator is assigned: registered, with that role.
    private static string? OperatorProblem(string name, LogSoFar before)
    {
        if (name.Trim().Length == 0) return "'operator' is empty: a registered operator is assigned by name";
        if (before.Users.Count == 0) return null;
        if (before.User(name) is not { } user)
            return $"'operator' '{Shown.Text(name)}' is not a registered user at this point of the log (no earlier user.added names them)";
        return user.Role == Role.Operator ? null
            : $"'operator' '{Shown.Text(name)}' is {(user.Role is { } r ? $"a {r.Name()}" : "of a role the product does not have")}: only operators are assigned to deployments";
    }
}
