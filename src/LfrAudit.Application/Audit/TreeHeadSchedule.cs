using LfrAudit.Core.Problems;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Audit;

/// <summary>
/// Signs the audit log at intervals while a long-running service (the deployment service, the console) records
/// into it, so an export taken during a deployment is covered up to a minute ago, not only once the service stops.
/// A head is issued only when entries were added since the last one.
/// </summary>
public static class TreeHeadSchedule
{
    /// <summary>Signs a head every <paramref name="every"/> that entries were added, until <paramref name="stop"/>.</summary>
    public static async Task RunAsync(IStore store, TimeSpan every, CancellationToken stop)
    {
        if (store.TreeHeadSigner is not { } key) return; // no signing key: heads come from 'lfr audit head' only
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    var heads = store.Audit.Heads();
                    long signed = heads.Count == 0 ? 0 : heads[^1].TreeSize;
                    if (store.Audit.Size > signed) store.Audit.IssueTreeHead(key);
                }
                catch (Exception ex) when (store.Explain(ex) is StoreUnavailableException)
                {
                    // The store's server is restarting or out of reach: sign at the next tick, once it answers again,
                    // rather than stop the service that is waiting for it.
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
