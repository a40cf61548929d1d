using System.Diagnostics;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Measurement.Audit;

/// <summary>How fast a log of N entries verifies offline (synthetic events, real hashing and signatures).</summary>
public sealed record VerificationBenchmark(int Entries, int TreeHeads, double Seconds, double EntriesPerSecond, double PeakWorkingSetMb)
{
    /// <summary>Writes a synthetic log of <paramref name="n"/> entries with signed heads, then times its offline verification.</summary>
    public static VerificationBenchmark Run(int n)
    {
        var (lines, heads, key) = SyntheticAuditLog.Create(n);
        using (key)
        {
            var clock = Stopwatch.StartNew();
            var result = LogVerifier.Verify(lines, heads, key);
            var seconds = clock.Elapsed.TotalSeconds;
            if (!result.Ok) throw new InvalidOperationException("the synthetic log did not verify: " + result.Problems[0]);
            using var self = Process.GetCurrentProcess();
            return new VerificationBenchmark(n, heads.Count, Math.Round(seconds, 2), Math.Round(n / seconds), Math.Round(self.PeakWorkingSet64 / 1048576.0));
        }
    }
}
