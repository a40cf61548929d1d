using System.Globalization;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// Only a score at or above the threshold in force raises an alert (<see cref="Threshold.IsReachedBy"/>), and the
/// threshold an alert records is its run's: the one the run started with, or one it took up since (run.threshold_applied,
/// written by older versions). Both are rounded the same way before they are logged, so the comparison holds exactly.
/// Scores lie in [-1, 1] (cosine similarity), which reading the entry already checks.
/// </summary>
internal sealed class ScoreRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not AlertRaised a) return;
        if (before.Runs.TryGetValue(a.Run, out var run) && !run.Thresholds.Contains(a.Threshold))
            problem($"alert {a.Alert} records threshold {Show(a.Threshold)}, but its run searched at {string.Join(" then ", run.Thresholds.Select(Show))} (entry {run.StartedAt})");
        if (a.Score < a.Threshold)
            problem($"alert {a.Alert} scored {Show(a.Score)}, below the threshold {Show(a.Threshold)}: only a score at or above the threshold raises an alert");
    }

    private static string Show(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
