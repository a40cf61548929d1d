using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Governance.Adjudication;

/// <summary>
/// Where operators decide on alerts. An alert is decided once; an engagement outcome can be recorded only
/// for a confirmed alert, once. A rejected alert's biometric evidence is deleted at once (retention policy), in the
/// same unit of work as the decision, after it: the log reads decision, then purge, and both commit or neither.
/// </summary>
public sealed class AdjudicationDesk(IAdjudicationStore store, IRetentionStore evidence, TimeProvider clock)
{
    /// <summary>
    /// Decides an alert once and logs the decision to the site that raised it; a rejection purges the alert's evidence in
    /// the same unit of work. Refuses an unknown alert, a second decision and a note with control characters or over 2,000 characters.
    /// </summary>
    public AlertAdjudication Adjudicate(IUnitOfWork work, AlertId alert, AlertDecision decision, Actor by, string? note)
    {
        if (note is not null) RequirePlain(note, "note");
        if (!store.AlertExists(alert)) throw new LfrInputException($"alert {alert} does not exist");
        if (store.FindAdjudication(alert) is { } earlier)
            throw new LfrInputException($"alert {alert} was already adjudicated ({earlier.Decision.Name()} by {earlier.By} at {earlier.At:yyyy-MM-dd HH:mm} UTC); a decision is final");
        var adjudication = new AlertAdjudication(alert, decision, by.Name, clock.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        store.Record(adjudication);
        work.Raise(new AlertAdjudicated(alert.Value, decision.Name(), by.Name, adjudication.At, by.Via), store.SiteOf(alert));
        if (decision == AlertDecision.Reject)
            new RetentionEnforcer(evidence, clock).PurgeNow([alert], Audit.Vocabulary.EvidencePurged.RejectedByOperator);
        return adjudication;
    }

    /// <summary>
    /// Records what officers did about a confirmed alert, once, and logs it to the alert's site. Refuses an alert that is
    /// not confirmed, a second outcome and a note with control characters or over 2,000 characters.
    /// </summary>
    public Engagement RecordEngagement(IUnitOfWork work, AlertId alert, EngagementOutcome outcome, Actor by, string? note)
    {
        if (note is not null) RequirePlain(note, "note");
        if (!store.AlertExists(alert)) throw new LfrInputException($"alert {alert} does not exist");
        var adjudication = store.FindAdjudication(alert);
        if (adjudication?.Decision != AlertDecision.Confirm)
            throw new LfrInputException($"alert {alert} is {(adjudication is null ? "not adjudicated" : "marked " + adjudication.Decision.Name())}: an engagement outcome can be recorded only for a confirmed alert");
        if (store.FindEngagement(alert) is { } earlier)
            throw new LfrInputException($"alert {alert} already has an engagement outcome ({earlier.Outcome.Name()})");
        var engagement = new Engagement(alert, outcome, by.Name, clock.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        store.Record(engagement);
        work.Raise(new EngagementRecorded(alert.Value, outcome.Name(), by.Name, engagement.At, by.Via), store.SiteOf(alert));
        return engagement;
    }

    // Names and notes go into the audit log and the IAG's report: one line of plain text.
    private static void RequirePlain(string text, string what)
    {
        if (SafeText.HasControlCharacters(text))
            throw new LfrInputException($"the {what} '{SafeText.Escape(text.Length > 60 ? text[..60] + "…" : text)}' contains control characters; give plain text");
        if (text.Length > 2000) throw new LfrInputException($"the {what} is {text.Length} characters long; at most 2000");
    }
}
