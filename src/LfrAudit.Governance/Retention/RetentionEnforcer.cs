using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Retention;

/// <summary>
/// An alert whose biometric evidence is still held, with what retention needs to know: its decision, and when
/// the deployment (or run, outside a deployment) it came from ended.
/// </summary>
public sealed record HeldEvidence(AlertId Alert, DateTimeOffset RaisedAt, AlertDecision? Decision, DateTimeOffset? DecidedAt,
    DateTimeOffset? SessionEndedAt, RetentionPolicy Policy);

/// <summary>A deletion of evidence, recorded with counts and never with the data.</summary>
public sealed record Purge(long Id, DateTimeOffset At, string Reason, int AlertsPurged);

/// <summary>
/// Applies the retention policy: a rejected alert's evidence goes at once; an unsure or never-decided one
/// a set time after its deployment ends; a confirmed match's a set time after confirmation.
/// </summary>
public sealed class RetentionEnforcer(IRetentionStore store, TimeProvider clock)
{
    /// <summary>When this evidence falls due for deletion under its policy, or null while an undecided alert's deployment is still running.</summary>
    public static DateTimeOffset? DeleteAt(HeldEvidence e) => e.Decision switch
    {
        AlertDecision.Reject => (e.DecidedAt ?? e.RaisedAt) + e.Policy.RejectedAlert,
        AlertDecision.Confirm => (e.DecidedAt ?? e.RaisedAt) + e.Policy.ConfirmedMatch,
        _ => e.SessionEndedAt is { } ended ? ended + e.Policy.UnadjudicatedAfterEnd : null, // still running: keep for the operator
    };

    /// <summary>Deletes all evidence that is due now, one purge per reason (each recorded in the audit log), and returns them.</summary>
    public IReadOnlyList<Purge> Enforce()
    {
        var now = clock.GetUtcNow();
        var due = store.ListHeldEvidence().Where(e => DeleteAt(e) is { } at && at <= now).ToList();
        var purges = new List<Purge>();
        foreach (var group in due.GroupBy(Reason))
            purges.Add(store.DeleteEvidence(group.Select(e => e.Alert).ToList(), group.Key, now));
        return purges;
    }

    /// <summary>Deletes these alerts' evidence now, whatever the policy says, for the reason given (for example rejected by the operator).</summary>
    public Purge PurgeNow(IReadOnlyList<AlertId> alerts, string reason) => store.DeleteEvidence(alerts, reason, clock.GetUtcNow());

    private static string Reason(HeldEvidence e) => e.Decision switch
    {
        AlertDecision.Reject => EvidencePurged.RejectedAlert,
        AlertDecision.Confirm => EvidencePurged.ConfirmedRetentionEnded,
        AlertDecision.Unsure => EvidencePurged.UnsureRetentionEnded,
        _ => EvidencePurged.NeverAdjudicated,
    };
}
