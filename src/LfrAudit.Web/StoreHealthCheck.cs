using LfrAudit.Governance.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LfrAudit.Web;

/// <summary>The console is healthy while its store can be read: the audit log's size is asked for, nothing more.</summary>
internal sealed class StoreHealthCheck(IStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = store.Audit.Size;
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason stays in the console's log; the answer says only that the store cannot be read.
            return Task.FromResult(HealthCheckResult.Unhealthy("the store cannot be read", e));
        }
    }
}
