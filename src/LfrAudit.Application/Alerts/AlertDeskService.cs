using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Watchlists;

namespace LfrAudit.Application.Alerts;

/// <summary>An alert waiting for an operator, beside the watchlist entry (and its reference images) it names.</summary>
public sealed record PendingAlert(StoredAlert Alert, WatchlistEntry? Entry);

/// <summary>The operators' and officers' use cases: alerts waiting or decided, a decision (once, final, audited), an engagement outcome.</summary>
public sealed class AlertDeskService(IStore store, IClock clock)
{
    private AdjudicationDesk Desk => new(store.Adjudications, store.Retention, clock);

    public IReadOnlyList<StoredAlert> List(RunId? run = null) => store.Runs(clock).List(run);

    /// <summary>Alerts no operator has decided yet, each with the watchlist entry it names (null when that watchlist version is gone).</summary>
    public IReadOnlyList<PendingAlert> Pending(RunId? run = null)
    {
        var runs = store.Runs(clock);
        return runs.List(run).Where(a => store.Adjudications.FindAdjudication(a.Id) is null).Select(a =>
        {
            var watchlist = runs.WatchlistOf(a.Alert.Run) is { } w ? store.Watchlists.Find(w.Name, w.ContentHash) : null;
            return new PendingAlert(a, watchlist?.Entries.FirstOrDefault(e => e.Id == a.Alert.Candidate));
        }).ToList();
    }

    public AlertAdjudication Adjudicate(AlertId alert, AlertDecision decision, string by, string? note) => Desk.Adjudicate(alert, decision, by, note);

    public Engagement RecordOutcome(AlertId alert, EngagementOutcome outcome, string by, string? note) => Desk.RecordEngagement(alert, outcome, by, note);
}
