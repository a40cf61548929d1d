using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Alerts;

/// <summary>The operators' and officers' use cases: alerts waiting or decided, a decision (once, final, audited), an engagement outcome.</summary>
public sealed class AlertDeskService(IStore store, IClock clock)
{
    private AdjudicationDesk Desk => new(store.Adjudications, store.Retention, clock);

    public IReadOnlyList<StoredAlert> List(RunId? run = null) => store.Runs(clock).List(run);

    public AlertAdjudication Adjudicate(AlertId alert, AlertDecision decision, string by, string? note) => Desk.Adjudicate(alert, decision, by, note);

    public Engagement RecordOutcome(AlertId alert, EngagementOutcome outcome, string by, string? note) => Desk.RecordEngagement(alert, outcome, by, note);
}
