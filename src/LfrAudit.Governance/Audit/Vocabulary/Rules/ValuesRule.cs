namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A field with a fixed vocabulary holds one of the product's values (<see cref="LogValues"/>): a decision, an engagement
/// outcome, a role, a purge's reason, the kind of evidence shown. The product writes nothing else, and a report counting "banana" decisions would
/// count them as something (unsure, in the report's arithmetic).
/// </summary>
internal sealed class ValuesRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        var (what, value, values) = e switch
        {
            AlertAdjudicated d => ("decision", d.Decision, LogValues.Decisions),
            EngagementRecorded o => ("outcome", o.Outcome, LogValues.EngagementOutcomes),
            UserAdded u => ("role", u.Role, LogValues.RoleNames),
            EvidencePurged p => ("reason", p.Reason, LogValues.PurgeReasons),
            EvidenceViewed v => ("evidence", v.Evidence, LogValues.EvidenceKinds),
            _ => (null, null, null),
        };
        if (what is not null && !values!.Contains(value!, StringComparer.Ordinal)) problem(LogValues.NotOneOf(what, value!, values!));
    }
}
