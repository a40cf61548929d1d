using LfrAudit.Governance.Audit;
using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Oversight;

/// <summary>
/// The moment the IAG's report judges deadlines at ("overdue", "not yet due"), and why. Normally the report's own clock;
/// but a log's times are never later than when they were recorded, so a log whose latest entry is after that clock was
/// dated by a clock running ahead of it (a simulation, a --now): judged by the report's clock its deployments would not
/// have reached their deadlines yet, and a deployment left live would owe nothing. Then the log's latest time is used.
/// </summary>
public sealed record JudgedAt(DateTimeOffset At, string Explained)
{
    /// <summary>The time the report judges deadlines at: its own clock, or the log's latest time if the log is ahead of it.</summary>
    public static JudgedAt Of(IReadOnlyList<AuditEntry> entries, DateTimeOffset reportClock)
    {
        var latest = entries.Count == 0 ? reportClock : entries.Max(e => e.At);
        return latest > reportClock
            ? new(latest, $"Deadlines are judged at {Show.Time(latest)}, the time of the log's latest entry: it is later than this report's clock ({Show.Time(reportClock)}), so the log was dated by a clock running ahead (a simulation).")
            : new(reportClock, $"Deadlines are judged at {Show.Time(reportClock)}, this report's clock.");
    }
}
