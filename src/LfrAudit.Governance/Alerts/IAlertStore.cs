using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Alerts;

public interface IAlertStore
{
    IReadOnlyList<StoredAlert> List(RunId? run = null);

    /// <summary>One alert as stored (its evidence while held), or null: a single row, not a listing, for per-request checks.</summary>
    StoredAlert? Find(AlertId id);
}
