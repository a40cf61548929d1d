using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Retention;

/// <summary>Evidence still held, and when each piece is due to go.</summary>
public sealed record HeldEvidenceDue(long Alert, DateTimeOffset? DeleteAt);

/// <summary>The explicit purge: everything past its retention time is deleted now (on the simulation clock too), and what remains is listed.</summary>
public sealed record RetentionResult(IReadOnlyList<Purge> Purges, IReadOnlyList<HeldEvidenceDue> StillHeld)
{
    /// <summary>Deletes every piece of evidence past its retention time now, and lists what remains with its due time.</summary>
    public static RetentionResult Enforce(IStore store)
    {
        var purges = new RetentionEnforcer(store.Retention, store.Clock).Enforce();
        var held = store.Retention.ListHeldEvidence().Select(h => new HeldEvidenceDue(h.Alert.Value, RetentionEnforcer.DeleteAt(h))).ToList();
        return new RetentionResult(purges, held);
    }
}
