using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Alerts;

/// <summary>The alerts raised, as stored (the port the console and reports read).</summary>
public interface IAlertStore
{
    /// <summary>Every alert, or those of one run, in the order of their ids.</summary>
    IReadOnlyList<StoredAlert> List(RunId? run = null);

    /// <summary>One alert as stored (its evidence while held), or null: a single row, not a listing, for per-request checks.</summary>
    StoredAlert? Find(AlertId id);
}
