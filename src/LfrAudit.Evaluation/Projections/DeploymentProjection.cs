using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Projections;

/// <summary>Rates measured at one threshold (from an image-set evaluation): false matches among non-mated searches against a watchlist of a size, hits among mated ones.</summary>
public sealed record MeasuredRates(double Threshold, Proportion Fpir, Proportion Tpir, int WatchlistSizeMeasured);

/// <summary>What a deployment plans for: people passing the cameras, the watchlist's size, and how many passers are on it (per 100,000).</summary>
public sealed record PlannedDeployment(long Footfall, int WatchlistSize, double WatchlistedPer100k);

/// <summary>An expectation with its 95 % interval: of the mean (from the measured rate's interval) and of the count itself (adding chance).</summary>
public sealed record Expected(double Mean, double MeanLow, double MeanHigh, long CountLow, long CountHigh);

/// <summary>A projection at one threshold: the false-match rate scaled to the planned watchlist, false and true alerts to expect.</summary>
public sealed record Projection(double Threshold, double FpirAtWatchlistSize, double FpirLow, double FpirHigh, double FalseAlertsPer10k, double FalseAlertsPer100k,
    Expected FalseAlerts, Expected TrueAlerts);

/// <summary>
/// Projections for planning. A measured FPIR f against a watchlist of M entries is a per-entry false-match chance
/// q = 1 − (1 − f)^(1/M), assuming entries independent; against W entries the FPIR is 1 − (1 − f)^(W/M) (so a
/// watchlist ten times larger raises false alerts about tenfold while they are rare). The same transform carries the
/// rate's 95 % Wilson interval; the count then varies by chance as a Poisson draw around its mean.
/// </summary>
public static class DeploymentProjection
{
    /// <summary>The false and true alerts <paramref name="plan"/> should expect from <paramref name="measured"/>, with 95 % ranges.</summary>
    public static Projection Project(MeasuredRates measured, PlannedDeployment plan)
    {
        if (plan.Footfall < 0 || plan.WatchlistSize < 1 || !(plan.WatchlistedPer100k is >= 0 and <= 100_000) || measured.WatchlistSizeMeasured < 1)
            throw new ArgumentOutOfRangeException(nameof(plan), "footfall ≥ 0, watchlist ≥ 1 entry, watchlisted passers per 100,000 in [0, 100000]");
        double scale = plan.WatchlistSize / (double)measured.WatchlistSizeMeasured;
        double Scaled(double f) => 1 - Math.Pow(1 - Math.Clamp(f, 0, 1), scale);
        var fpir = Rate(measured.Fpir);
        var (f, fl, fh) = (Scaled(fpir.Rate), Scaled(fpir.Low), Scaled(fpir.High));
        double watchlisted = plan.Footfall * plan.WatchlistedPer100k / 100_000, others = plan.Footfall - watchlisted;
        var tpir = Rate(measured.Tpir);
        return new Projection(measured.Threshold, f, fl, fh, f * 10_000, f * 100_000,
            Expect(others, f, fl, fh), Expect(watchlisted, tpir.Rate, tpir.Low, tpir.High));
    }

    // No measurement: nothing known, the whole range.
    private static (double Rate, double Low, double High) Rate(Proportion p) =>
        p.Wilson95 is { } w ? (p.Rate!.Value, w.Lower, w.Upper) : (0, 0, 1);

    private static Expected Expect(double n, double rate, double low, double high) =>
        new(n * rate, n * low, n * high, PoissonQuantile(n * low, 0.025), PoissonQuantile(n * high, 0.975));

    /// <summary>The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ); a normal approximation for large λ.</summary>
    public static long PoissonQuantile(double lambda, double p)
    {
        if (!(lambda > 0)) return 0;
        if (lambda > 500) return Math.Max(0, (long)Math.Round(lambda + NormalQuantile(p) * Math.Sqrt(lambda)));
        double term = Math.Exp(-lambda), sum = term;
        long k = 0;
        while (sum < p && k < 100_000) { k++; term *= lambda / k; sum += term; }
        return k;
    }

    // Only the two tails this class asks for.
    private static double NormalQuantile(double p) => p >= 0.5 ? Proportion.Z95 : -Proportion.Z95;
}
