using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Deployments;

/// <summary>Deployments, their runs and the figures their outcome reports count (the port the deployment use cases speak).</summary>
public interface IDeploymentStore
{
    /// <summary>Adds a new plan; an id already used is refused.</summary>
    void Add(Deployment deployment);
    /// <summary>Saves a state change (and any new threshold change) of a known deployment.</summary>
    void Update(Deployment deployment);
    /// <summary>The deployment with this id, or null.</summary>
    Deployment? Find(DeploymentId id);
    /// <summary>Every deployment, cancelled ones included, by planned start.</summary>
    IReadOnlyList<Deployment> List();
    /// <summary>What the outcome report counts, from the runs, alerts and decisions recorded for it.</summary>
    OutcomeFigures Figures(DeploymentId id);

    /// <summary>Every recognition run of the deployment, in the order they started.</summary>
    IReadOnlyList<DeploymentRun> RunsOf(DeploymentId id);
}
