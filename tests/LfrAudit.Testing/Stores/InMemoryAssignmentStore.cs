using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryAssignmentStore(InMemoryStore store) : IAssignmentStore
{
    public void Add(OperatorAssignment a) => store.Write(data =>
    {
        if (data.Assignments.Any(x => x.Deployment == a.Deployment && x.Operator == a.Operator))
            throw new DeploymentRuleException($"operator '{a.Operator}' is already assigned to deployment {a.Deployment}");
        data.Assignments.Add(a);
    });

    public bool Remove(DeploymentId deployment, string operatorName) =>
        store.Write(data => data.Assignments.RemoveAll(x => x.Deployment == deployment && x.Operator == operatorName) == 1);

    public IReadOnlyList<OperatorAssignment> Of(DeploymentId deployment) => Query(a => a.Deployment == deployment);

    public IReadOnlyList<OperatorAssignment> OfOperator(string operatorName) => Query(a => a.Operator == operatorName);

    private List<OperatorAssignment> Query(Func<OperatorAssignment, bool> which) => store.Read(data =>
        data.Assignments.Where(which).OrderBy(a => a.Deployment.Value, StringComparer.Ordinal).ThenBy(a => a.Operator, StringComparer.Ordinal).ToList());
}
