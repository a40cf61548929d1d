using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

public class StatisticsTests
{
    [Fact]
    public void A_proportion_reads_as_its_counts_in_a_message()
    {
        // Its complement is a proportion too: the record's own text would print itself without end (a stack overflow).
        Assert.Equal("3/10", new Proportion(3, 10).ToString());
        Assert.Equal("rate 7/7", $"rate {new Proportion(7, 7).Complement.Complement}");
    }

    /// <summary>Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, Wilson score method.</summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(29, 29, 0.8830, 1.0000)]
    public void Wilson_intervals_match_the_published_examples(long x, long n, double lower, double upper)
    {
        var (lo, hi) = new Proportion(x, n).Wilson95!.Value;
        Assert.Equal(lower, lo, 4);
        Assert.Equal(upper, hi, 4);
    }

    [Fact]
    public void No_trials_is_no_rate_not_zero()
    {
        var none = new Proportion(0, 0);
        Assert.False(none.HasData);
        Assert.Null(none.Rate);
        Assert.Null(none.Wilson95);
    }

    /// <summary>Two-sided p-values computed independently from the hypergeometric distribution (Python, exact integers).</summary>
    [Theory]
    [InlineData(3, 4, 1, 4, 0.485714)]   // the tea-tasting table
    [InlineData(1, 10, 11, 14, 0.002759)]
    [InlineData(0, 5, 5, 5, 0.007937)]
    [InlineData(10, 20, 10, 20, 1.0)]
    [InlineData(2, 100, 12, 100, 0.010095)]
    public void Fisher_exact_matches_the_hypergeometric_computation(long a, long n1, long c, long n2, double p) =>
        Assert.Equal(p, SignificanceTests.FisherExactTwoSided(a, n1, c, n2), tolerance: 1e-6);

    [Fact]
    public void Holm_adjusts_step_down_and_stays_monotone()
    {
        var adjusted = SignificanceTests.Holm([0.01, 0.04, 0.03, 0.5]);
        Assert.Equal([0.04, 0.09, 0.09, 0.5], adjusted.Select(x => Math.Round(x, 6)));
    }

    [Theory]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.8, 0.841621)]
    [InlineData(0.01, -2.326348)]
    [InlineData(0.5, 0.0)]
    public void The_normal_quantile_is_right(double p, double z) => Assert.Equal(z, SignificanceTests.InverseNormal(p), 5);

    [Fact]
    public void Smaller_groups_can_only_detect_bigger_differences()
    {
        double big = SignificanceTests.MinimumDetectableDifference(0.1, 1000, 1000);
        double small = SignificanceTests.MinimumDetectableDifference(0.1, 50, 50);
        // (1.96 + 0.8416) * sqrt(0.1 * 0.9 * 2 / 1000) = 0.03759
        Assert.Equal(0.03759, big, 4);
        Assert.True(small > 4 * big);
    }
}

public class IdentificationRatesTests
{
    private static SearchOutcome S(string person, bool mated, bool right, float score, string sex = "female") =>
        new(person, mated, right, score, new Dictionary<string, string> { ["sex"] = sex });

    /// <summary>A hand-built score matrix: 6 mated searches and 5 non-mated, with known outcomes per threshold.</summary>
    private static readonly SearchOutcome[] Matrix =
    [
        S("a", true, true, 0.90f), S("b", true, true, 0.70f), S("c", true, true, 0.55f),
        S("d", true, false, 0.80f),  // top candidate is someone else: never a true positive
        S("e", true, true, 0.30f), S("f", true, true, 0.50f),
        S("x", false, false, 0.65f), S("y", false, false, 0.40f), S("z", false, false, 0.52f), S("w", false, false, 0.10f), S("v", false, false, 0.50f),
    ];

    [Theory]
    [InlineData(0.50, 4, 6, 3, 5)] // a b c f true; x z v false positives
    [InlineData(0.55, 3, 6, 1, 5)]
    [InlineData(0.60, 2, 6, 1, 5)]
    [InlineData(0.95, 0, 6, 0, 5)]
    [InlineData(0.00, 5, 6, 5, 5)]
    public void Rates_at_a_threshold_match_the_matrix(double t, long tp, long mated, long fp, long nonMated)
    {
        var r = IdentificationRates.At(Matrix, t);
        Assert.Equal(new Proportion(tp, mated), r.Tpir);
        Assert.Equal(new Proportion(mated - tp, mated), r.Fnir);
        Assert.Equal(new Proportion(fp, nonMated), r.Fpir);
    }

    [Fact]
    public void Groups_too_small_are_left_out_of_tests_and_big_differences_are_found()
    {
        var searches = new List<SearchOutcome>();
        for (int i = 0; i < 200; i++) searches.Add(S($"m{i}", false, false, i < 40 ? 0.9f : 0.1f, "male"));   // FPIR 20 %
        for (int i = 0; i < 200; i++) searches.Add(S($"f{i}", false, false, i < 4 ? 0.9f : 0.1f, "female")); // FPIR 2 %
        for (int i = 0; i < 5; i++) searches.Add(S($"o{i}", false, false, 0.1f, "other"));                    // too few
        var (rates, pairs) = GroupAnalysis.Compare(searches, "sex", s => !s.Mated, s => s.FalsePositiveAt(0.5));
        Assert.Equal(3, rates.Count);
        Assert.False(rates.Single(r => r.Group == "other").Enough);
        var pair = Assert.Single(pairs);
        Assert.True(pair.Significant);
        Assert.Contains("FPIR differs between female and male at threshold 0.5", pair.Verdict("FPIR", 0.5));
    }

    [Fact]
    public void Groups_from_different_labelled_sets_are_never_compared()
    {
        var searches = Enumerable.Range(0, 120).Select(i => new SearchOutcome($"p{i}", false, false, 0.1f,
            new Dictionary<string, string> { ["ethnicity"] = (i % 3) switch { 0 => "fairface: White", 1 => "fairface: Black", _ => "utkface: White" } })).ToList();
        var (rates, pairs) = GroupAnalysis.Compare(searches, "ethnicity", s => !s.Mated, s => s.FalsePositiveAt(0.5));
        Assert.Equal(3, rates.Count);
        var pair = Assert.Single(pairs);
        Assert.Equal(("fairface: Black", "fairface: White"), (pair.A.Group, pair.B.Group));
    }

    [Fact]
    public void Equal_rates_give_no_significant_difference_and_say_what_could_have_been_detected()
    {
        var searches = Enumerable.Range(0, 60).Select(i => S($"p{i}", false, false, i % 10 == 0 ? 0.9f : 0.1f, i < 30 ? "female" : "male")).ToList();
        var (_, pairs) = GroupAnalysis.Compare(searches, "sex", s => !s.Mated, s => s.FalsePositiveAt(0.5));
        var verdict = Assert.Single(pairs).Verdict("FPIR", 0.5);
        Assert.StartsWith("no statistically significant difference in FPIR between female and male at threshold 0.5 with these counts", verdict);
        Assert.Contains("smallest difference these counts could detect", verdict);
    }

    [Fact]
    public void The_person_bootstrap_resamples_people_so_correlated_probes_widen_the_interval()
    {
        // 20 people with 10 searches each, all-or-nothing per person: effectively 20 observations, not 200.
        var searches = Enumerable.Range(0, 200).Select(i => S($"p{i / 10}", true, (i / 10) % 2 == 0, 0.9f)).ToList();
        var (lo, hi) = PersonBootstrap.Interval(searches, s => s.Mated, s => s.TruePositiveAt(0.5), seed: 7)!.Value;
        var wilson = new Proportion(100, 200).Wilson95!.Value;
        Assert.True(hi - lo > 1.5 * (wilson.Upper - wilson.Lower), $"bootstrap {lo:F3}-{hi:F3} vs Wilson {wilson.Lower:F3}-{wilson.Upper:F3}");
        Assert.InRange(0.5, lo, hi);
        Assert.Equal((lo, hi), PersonBootstrap.Interval(searches, s => s.Mated, s => s.TruePositiveAt(0.5), seed: 7)!.Value); // reproducible
    }

    [Fact]
    public void The_threshold_for_a_target_fpir_is_the_lowest_that_meets_it_and_none_without_enough_searches()
    {
        var nonMated = Enumerable.Range(0, 1000).Select(i => S($"n{i}", false, false, i / 1000f)).ToList(); // scores 0.000 .. 0.999
        var thresholds = Enumerable.Range(0, 101).Select(i => i / 100.0).ToList();
        Assert.Equal(0.99, GroupAnalysis.ThresholdForFpir(nonMated, 0.01, thresholds)!.Value, 6);   // 10 of 1000 at >= 0.99
        Assert.Equal(1.0, GroupAnalysis.ThresholdForFpir(nonMated, 0.001, thresholds)!.Value, 6);   // only 1.0 keeps it at 0
        Assert.Null(GroupAnalysis.ThresholdForFpir(nonMated, 1.0 / 6000, thresholds));              // 1,000 searches cannot show 1 in 6,000
    }
}
