using System.Security.Cryptography;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application.Stores;

/// <summary>What putting a store in order did: a recovery head, runs closed as interrupted, purges.</summary>
public sealed record Upkeep(TreeHead? RecoveryHead, long UnsignedEntries, IReadOnlyList<InterruptedRun> InterruptedRuns, IReadOnlyList<Purge> Purges);

/// <summary>
/// What a command that writes does first, so the store is in order whatever happened before: entries a killed
/// command left unsigned get a recovery head; runs whose process is gone are closed as interrupted with their
/// committed counts; and, on the real clock only, evidence past its retention time is deleted. A simulation
/// (the --now clock) deletes only when asked. Reading commands never call this: reading never changes a store.
/// </summary>
public static class StoreUpkeep
{
    /// <summary>Puts the store in order (see above); signs a recovery head with <paramref name="signer"/> if entries were left unsigned.</summary>
    public static Upkeep Run(IStore store, ECDsa? signer)
    {
        TreeHead? recovery = null;
        long unsigned = 0;
        if (signer is not null)
        {
            var signed = store.Audit.Heads().LastOrDefault()?.TreeSize ?? 0;
            unsigned = store.Audit.Size - signed;
            if (unsigned > 0) recovery = store.Audit.IssueTreeHead(signer);
        }
        var interrupted = store.Runs().CloseInterruptedRuns();
        var purges = store.Clock.IsSimulation() ? [] : new RetentionEnforcer(store.Retention, store.Clock).Enforce();
        return new Upkeep(recovery, unsigned, interrupted, purges);
    }
}
