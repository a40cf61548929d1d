using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// The operators assigned to each deployment, persisted; the use case that changes them raises their audit events in the
/// same unit of work (the log says who assigned whom, and the rows must agree with it).
/// </summary>
public interface IAssignmentStore
{
    /// <summary>Adds an assignment; one already there for that deployment and operator is refused.</summary>
    void Add(OperatorAssignment assignment);

    /// <summary>Removes an assignment; false if there was none.</summary>
    bool Remove(DeploymentId deployment, string operatorName);

    /// <summary>The operators assigned to one deployment, by name.</summary>
    IReadOnlyList<OperatorAssignment> Of(DeploymentId deployment);

    /// <summary>The deployments one operator is assigned to.</summary>
    IReadOnlyList<OperatorAssignment> OfOperator(string operatorName);
}
