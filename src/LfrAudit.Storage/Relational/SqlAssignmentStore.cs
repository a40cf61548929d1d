using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Storage.Relational;

/// <summary>The operators assigned to deployments (table deployment_operators), the same SQL on SQLite and PostgreSQL.</summary>
internal sealed class SqlAssignmentStore(RelationalDatabase db) : IAssignmentStore
{
    public void Add(OperatorAssignment a)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("INSERT INTO deployment_operators(deployment_id, user_name, assigned_at, assigned_by) VALUES (@d, @u, @at, @by)", tx);
            c.Param("@d", a.Deployment.Value);
            c.Param("@u", a.Operator);
            c.Param("@at", Codec.Time(a.AssignedAt));
            c.Param("@by", a.AssignedBy);
            try { c.ExecuteNonQuery(); }
            catch (Exception ex) when (db.IsUniqueViolation(ex)) { throw new DeploymentRuleException($"operator '{a.Operator}' is already assigned to deployment {a.Deployment}"); }
            tx.Commit();
        }
    }

    public bool Remove(DeploymentId deployment, string operatorName)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("DELETE FROM deployment_operators WHERE deployment_id = @d AND user_name = @u", tx);
            c.Param("@d", deployment.Value);
            c.Param("@u", operatorName);
            var removed = c.ExecuteNonQuery() == 1;
            tx.Commit();
            return removed;
        }
    }

    public IReadOnlyList<OperatorAssignment> Of(DeploymentId deployment) => Query("deployment_id = @v", deployment.Value);

    public IReadOnlyList<OperatorAssignment> OfOperator(string operatorName) => Query("user_name = @v", operatorName);

    private List<OperatorAssignment> Query(string where, string value)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"SELECT deployment_id, user_name, assigned_at, assigned_by FROM deployment_operators WHERE {where}");
            c.Param("@v", value);
            using var r = c.ExecuteReader();
            var list = new List<OperatorAssignment>();
            while (r.Read()) list.Add(new OperatorAssignment(new DeploymentId(r.GetString(0)), r.GetString(1), Codec.Time(r.GetString(2)), r.GetString(3)));
            // Ordinal order, the same on either server whatever its collation.
            return [.. list.OrderBy(a => a.Deployment.Value, StringComparer.Ordinal).ThenBy(a => a.Operator, StringComparer.Ordinal)];
        }
    }
}
