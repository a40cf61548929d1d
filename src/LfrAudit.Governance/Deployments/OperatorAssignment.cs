using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Governance.Deployments;

/// <summary>An operator assigned to a deployment: who, by which supervisor, when.</summary>
public sealed record OperatorAssignment(DeploymentId Deployment, string Operator, DateTimeOffset AssignedAt, string AssignedBy);

/// <summary>
/// Who works a deployment's alerts: an operator sees a deployment's alerts and their evidence, and decides them, only while
/// assigned to it by a supervisor. An operator is assigned once (a second assignment is refused, not repeated in the log) and
/// taken off only while assigned; a cancelled deployment raised no alert, so no one is assigned to it. Each change raises
/// its event, which the use case appends in the unit of work that stores the change.
/// </summary>
public static class OperatorAssignments
{
    /// <summary>Assigns an active operator to a deployment that is not cancelled, once; refused (one line) otherwise.</summary>
    public static (OperatorAssignment Assignment, OperatorAssigned Event) Assign(Deployment d, UserAccount user, IReadOnlyList<OperatorAssignment> current,
        Actor by, DateTimeOffset at)
    {
        if (user.Role != Role.Operator)
            throw new DeploymentRuleException($"'{user.Name}' is a {user.Role.Name()}: only operators are assigned to deployments, to work their alerts");
        // A disabled or removed user can neither sign in nor act: an assignment would promise the crew a watcher who is not there.
        if (!user.IsActive)
            throw new DeploymentRuleException($"operator '{user.Name}' is {user.Status.Name()}: only an active operator is assigned to a deployment (lfr users enable, for one disabled)");
        if (d.State == DeploymentState.Cancelled)
            throw new DeploymentRuleException($"deployment {d.Id} was cancelled: it raises no alert for an operator to work");
        if (current.FirstOrDefault(a => a.Operator == user.Name) is { } already)
            throw new DeploymentRuleException($"operator '{user.Name}' is already assigned to deployment {d.Id} (by {already.AssignedBy}, {LondonTime.Show(already.AssignedAt)})");
        return (new OperatorAssignment(d.Id, user.Name, at, by.Name), new OperatorAssigned(d.Id.Value, user.Name, by.Name, at, by.Via));
    }

    /// <summary>Takes an assigned operator off a deployment; refused if they are not assigned to it.</summary>
    public static OperatorUnassigned Unassign(Deployment d, string operatorName, IReadOnlyList<OperatorAssignment> current, Actor by, DateTimeOffset at)
    {
        if (current.All(a => a.Operator != operatorName))
            throw new DeploymentRuleException($"'{SafeText.Escape(operatorName)}' is not assigned to deployment {d.Id}"
                + (current.Count == 0 ? ": no operator is" : $" (assigned: {string.Join(", ", current.Select(a => a.Operator))})"));
        return new OperatorUnassigned(d.Id.Value, operatorName, by.Name, at, by.Via);
    }
}
