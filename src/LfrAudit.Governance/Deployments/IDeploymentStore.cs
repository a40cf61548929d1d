using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Deployments;

public interface IDeploymentStore
{
    /// <summary>Adds a new plan; an id already used is refused.</summary>
    void Add(Deployment deployment);
    /// <summary>Saves a state change (and any new threshold change) of a known deployment.</summary>
    void Update(Deployment deployment);
    Deployment? Find(DeploymentId id);
    IReadOnlyList<Deployment> List();
    /// <summary>What the outcome report counts, from the runs, alerts and decisions recorded for it.</summary>
    OutcomeFigures Figures(DeploymentId id);

    /// <summary>Every recognition run of the deployment, in the order they started.</summary>
    IReadOnlyList<DeploymentRun> RunsOf(DeploymentId id);
}
