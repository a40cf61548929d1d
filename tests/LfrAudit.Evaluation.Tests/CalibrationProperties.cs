using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Evaluation.Calibration;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// The simulator's calibration figures: a ratio of two rates and its interval, and the rule that the simulated and real
/// footage-to-stills ratios are within the tolerance.
/// </summary>
public sealed class CalibrationProperties
{
    // Counts as (successes, trials): FsCheck prints a failing value by its properties, and Proportion.Complement is
    // another Proportion, so printing one would never end.
    private static readonly Gen<(int X, int N)> Proportions =
        from n in Gen.Choose(1, 400) from x in Gen.Choose(0, n) select (x, n);

    private static Proportion P((int X, int N) c) => new(c.X, c.N);

    [Fact]
    public void A_ratio_lies_inside_its_interval_which_starts_at_zero_only_when_none_was_found()
    {
        Prop.ForAll(Proportions.ToArbitrary(), Proportions.Where(p => p.X > 0).ToArbitrary(), (ca, cb) =>
        {
            var (a, b) = (P(ca), P(cb));
            var r = new RateRatio(a, b);
            var (low, high) = r.Interval95!.Value;
            Assert.Equal(a.Rate!.Value / b.Rate!.Value, r.Value!.Value, 12);
            Assert.True(low >= 0 && low <= high && high > 0 && double.IsFinite(high), $"{a} / {b}: {low}–{high}");
            Assert.Equal(a.Successes == 0, low == 0);
            Assert.InRange(r.Value.Value, low * (1 - 1e-12), high * (1 + 1e-12));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void More_trials_at_the_same_rates_narrow_the_interval()
    {
        Prop.ForAll(Proportions.Where(p => p.X > 0 && p.X < p.N).ToArbitrary(), Gen.Choose(2, 10).ToArbitrary(), (c, k) =>
        {
            var p = P(c);
            var few = new RateRatio(p, p).Interval95!.Value;
            var many = new RateRatio(new Proportion(p.Successes * k, p.Trials * k), new Proportion(p.Successes * k, p.Trials * k)).Interval95!.Value;
            Assert.True(many.Upper - many.Lower < few.Upper - few.Lower, $"{p} x{k}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void No_trials_or_no_stills_found_give_no_ratio_and_no_calibration()
    {
        Assert.Null(new RateRatio(new Proportion(3, 10), new Proportion(0, 10)).Value);
        Assert.Null(new RateRatio(new Proportion(0, 0), new Proportion(5, 10)).Interval95);
        var k = new SimulatorCalibration(0.5, new Proportion(0, 10), new Proportion(3, 10), new Proportion(3, 10), new Proportion(0, 10), new Proportion(0, 10));
        Assert.Null(k.Gap);
        Assert.False(k.Calibrated);
    }

    [Fact]
    public void Calibrated_exactly_when_the_ratios_are_within_the_tolerance()
    {
        Prop.ForAll(Proportions.Where(p => p.X > 0).ToArbitrary(), Proportions.ToArbitrary(), Proportions.ToArbitrary(), (cs, cr, cm) =>
        {
            var (stills, real, simulated) = (P(cs), P(cr), P(cm));
            var k = new SimulatorCalibration(0.5, stills, real, simulated, new Proportion(0, 1), new Proportion(0, 1));
            double gap = simulated.Rate!.Value / stills.Rate!.Value - real.Rate!.Value / stills.Rate!.Value;
            Assert.Equal(gap, k.Gap!.Value, 12);
            Assert.Equal(Math.Abs(gap) <= 0.10, k.Calibrated);
        }).QuickCheckThrowOnFailure();
    }
}
