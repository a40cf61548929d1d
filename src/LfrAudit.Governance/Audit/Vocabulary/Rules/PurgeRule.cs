namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A purge deletes the evidence of alerts this log raised and no earlier purge deleted: each alert's evidence is deleted
/// once (its key destroyed), and every purge is recorded in the log of the site whose alerts it deleted. So its count is
/// at most the alerts raised so far less those already purged, and a purge's id appears once in a log.
/// </summary>
internal sealed class PurgeRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not EvidencePurged p) return;
        if (before.Purges.Contains(p.Purge)) problem($"purge {p.Purge} is recorded again");
        if (p.Alerts > before.EvidenceHeld)
            problem($"purge {p.Purge} deletes the evidence of {p.Alerts} alerts, but only {before.EvidenceHeld} alerts raised earlier in this log still held evidence");
    }
}
