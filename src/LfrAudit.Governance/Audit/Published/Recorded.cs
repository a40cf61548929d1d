namespace LfrAudit.Governance.Audit.Published;

/// <summary>An event as the log recorded it: the entry (its number, time and clock) and what it says.</summary>
public sealed record Recorded<T>(AuditEntry Entry, T Event)
{
    /// <summary>The entry's sequence number: where in the log it was recorded.</summary>
    public long Seq => Entry.Seq;

    /// <summary>A simulation clock, not real time, dated the entry.</summary>
    public bool Simulated => Entry.Clock == AuditEntry.SimulationClock;
}
