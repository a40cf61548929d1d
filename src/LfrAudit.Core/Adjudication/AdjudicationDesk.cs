using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Core.Adjudication;

/// <summary>
/// Where operators decide on alerts. An alert is decided once; an engagement outcome can be recorded only
/// for a confirmed alert, once. A rejected alert's biometric evidence is deleted at once (retention policy).
/// </summary>
public sealed class AdjudicationDesk(IAdjudicationStore store, IRetentionStore evidence, IClock clock)
{
    public AlertAdjudication Adjudicate(AlertId alert, AlertDecision decision, string by, string? note)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new InvalidValueException(InputField.Operator, by, "name the operator who decided");
        RequirePlain(by, "operator's name");
        if (note is not null) RequirePlain(note, "note");
        if (!store.AlertExists(alert)) throw new LfrInputException($"alert {alert} does not exist");
        if (store.FindAdjudication(alert) is { } earlier)
            throw new LfrInputException($"alert {alert} was already adjudicated ({earlier.Decision.Name()} by {earlier.By} at {earlier.At:yyyy-MM-dd HH:mm} UTC); a decision is final");
        var adjudication = new AlertAdjudication(alert, decision, by.Trim(), clock.UtcNow, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        store.Record(adjudication);
        if (decision == AlertDecision.Reject)
            new Retention.RetentionEnforcer(evidence, clock).PurgeNow([alert], "rejected by operator");
        return adjudication;
    }

    public Engagement RecordEngagement(AlertId alert, EngagementOutcome outcome, string by, string? note)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new InvalidValueException(InputField.Officer, by, "name the officer recording the outcome");
        RequirePlain(by, "officer's name");
        if (note is not null) RequirePlain(note, "note");
        if (!store.AlertExists(alert)) throw new LfrInputException($"alert {alert} does not exist");
        var adjudication = store.FindAdjudication(alert);
        if (adjudication?.Decision != AlertDecision.Confirm)
            throw new LfrInputException($"alert {alert} is {(adjudication is null ? "not adjudicated" : "marked " + adjudication.Decision.Name())}: an engagement outcome can be recorded only for a confirmed alert");
        if (store.FindEngagement(alert) is { } earlier)
            throw new LfrInputException($"alert {alert} already has an engagement outcome ({earlier.Outcome.Name()})");
        var engagement = new Engagement(alert, outcome, by.Trim(), clock.UtcNow, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        store.Record(engagement);
        return engagement;
    }

    // Names and notes go into the audit log and the IAG's report: one line of plain text.
    private static void RequirePlain(string text, string what)
    {
        if (Inputs.SafeText.HasControlCharacters(text))
            throw new LfrInputException($"the {what} '{Inputs.SafeText.Escape(text.Length > 60 ? text[..60] + "…" : text)}' contains control characters; give plain text");
        if (text.Length > 2000) throw new LfrInputException($"the {what} is {text.Length} characters long; at most 2000");
    }
}
