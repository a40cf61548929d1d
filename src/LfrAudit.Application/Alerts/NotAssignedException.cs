using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;

namespace LfrAudit.Application.Alerts;

/// <summary>
/// An operator asked to see or decide an alert of a deployment they are not assigned to. The command line says so in one
/// line; the console answers exactly as for an alert that does not exist, so a refusal never confirms that it does.
/// </summary>
public sealed class NotAssignedException(string user, AlertId alert, DeploymentId deployment)
    : LfrInputException($"'{user}' is not assigned to deployment {deployment}, whose alert {alert} this is: an operator works only the alerts of the deployments a supervisor assigned them to (lfr deployment assign)")
{
    /// <summary>The alert the operator may not decide.</summary>
    public AlertId Alert { get; } = alert;
    /// <summary>The deployment they are not assigned to.</summary>
    public DeploymentId Deployment { get; } = deployment;
}
