using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Evaluation.Projections;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

public class ProjectionTests
{
    private static MeasuredRates Rates(long falseMatches, long nonMated, long hits, long mated, int size = 1000) =>
        new(0.6, new Proportion(falseMatches, nonMated), new Proportion(hits, mated), size);

    [Fact]
    public void The_false_match_rate_scales_with_the_watchlist_and_counts_follow_footfall()
    {
        // 10 false matches in 10,000 searches against 1,000 entries: against 10,000 entries 1 − 0.999^10 ≈ 0.995 %.
        var p = DeploymentProjection.Project(Rates(10, 10_000, 890, 1000), new PlannedDeployment(100_000, 10_000, 5));
        Assert.Equal(1 - Math.Pow(0.999, 10), p.FpirAtWatchlistSize, 9);
        Assert.Equal(p.FpirAtWatchlistSize * 100_000, p.FalseAlertsPer100k, 6);
        Assert.Equal((100_000 - 5) * p.FpirAtWatchlistSize, p.FalseAlerts.Mean, 6);
        Assert.Equal(5 * 0.89, p.TrueAlerts.Mean, 9);
        var same = DeploymentProjection.Project(Rates(10, 10_000, 890, 1000), new PlannedDeployment(100_000, 1000, 5));
        Assert.Equal(0.001, same.FpirAtWatchlistSize, 12); // the measured size: the measured rate
    }

    [Fact]
    public void Poisson_quantiles_match_tabulated_values()
    {
        Assert.Equal(0, DeploymentProjection.PoissonQuantile(0, 0.975));
        Assert.Equal(3, DeploymentProjection.PoissonQuantile(1, 0.975));   // λ = 1: P(X ≤ 2) = 0.920, P(X ≤ 3) = 0.981
        Assert.Equal(4, DeploymentProjection.PoissonQuantile(10, 0.025));  // λ = 10: P(X ≤ 3) = 0.010, P(X ≤ 4) = 0.029
        Assert.Equal(1062, DeploymentProjection.PoissonQuantile(1000, 0.975)); // normal approximation: 1000 + 1.96·√1000
    }

    [Fact]
    public void Every_interval_holds_its_expectation_for_any_measured_counts_and_plan()
    {
        var inputs = from nonMated in Gen.Choose(1, 100_000) from fm in Gen.Choose(0, 100) from mated in Gen.Choose(0, 2000) from hits in Gen.Choose(0, 2000)
                     from size in Gen.Choose(1, 20_000) from planned in Gen.Choose(1, 1_000_000) from footfall in Gen.Choose(0, 1_000_000) from per100k in Gen.Choose(0, 1000)
                     select (Rates(Math.Min(fm, nonMated), nonMated, Math.Min(hits, mated), mated, size), new PlannedDeployment(footfall, planned, per100k));
        Prop.ForAll(inputs.ToArbitrary(), x =>
        {
            var p = DeploymentProjection.Project(x.Item1, x.Item2);
            bool Holds(Expected e) => double.IsFinite(e.Mean) && e.MeanLow <= e.Mean + 1e-9 && e.Mean <= e.MeanHigh + 1e-9 && e.CountLow <= e.CountHigh && e.CountLow >= 0;
            return p.FpirLow <= p.FpirAtWatchlistSize + 1e-12 && p.FpirAtWatchlistSize <= p.FpirHigh + 1e-12 && p.FpirHigh <= 1 && Holds(p.FalseAlerts) && Holds(p.TrueAlerts);
        }).QuickCheckThrowOnFailure();
    }
}
