using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Alerts;

/// <summary>The alerts raised, as stored (the port the console and reports read).</summary>
public interface IAlertStore
{
    /// <summary>Every alert, or those of one run, in the order of their ids.</summary>
    IReadOnlyList<StoredAlert> List(RunId? run = null);

    /// <summary>One alert as stored (its evidence while held), or null: a single row, not a listing, for per-request checks.</summary>
    StoredAlert? Find(AlertId id);

    /// <summary>Every alert as a summary (nothing sealed opened), in the order of their ids: one query.</summary>
    IReadOnlyList<AlertSummary> Summaries();

    /// <summary>Every alert no operator has decided yet, as summaries (nothing sealed opened), in the order of their ids: one query.</summary>
    IReadOnlyList<AlertSummary> Undecided();

    /// <summary>One alert's summary (nothing sealed opened), or null: what a per-request check of whose it is needs.</summary>
    AlertSummary? Summary(AlertId id);
}
