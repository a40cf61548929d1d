using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Testing;

/// <summary>The adjudication desk driven as a use case drives it: each decision in a unit of work of its own, by a named actor.</summary>
public static class DeskSteps
{
    public static AlertAdjudication Adjudicate(this AdjudicationDesk desk, IStore store, AlertId alert, AlertDecision decision, string by, string? note)
    {
        using var work = store.BeginUnitOfWork();
        var decided = desk.Adjudicate(work, alert, decision, new Actor(by, null), note);
        work.Commit();
        return decided;
    }

    public static Engagement RecordEngagement(this AdjudicationDesk desk, IStore store, AlertId alert, EngagementOutcome outcome, string by, string? note)
    {
        using var work = store.BeginUnitOfWork();
        var recorded = desk.RecordEngagement(work, alert, outcome, new Actor(by, null), note);
        work.Commit();
        return recorded;
    }
}
