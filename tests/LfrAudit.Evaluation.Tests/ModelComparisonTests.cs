using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Evaluation.Comparison;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// Models compared on the same searches: each at the lowest threshold meeting the target FPIR, and each pair tested
/// search for search (McNemar), with the verdict adjusted for the number of comparisons.
/// </summary>
public sealed class ModelComparisonTests
{
    private static readonly Dictionary<string, string> NoGroups = [];

    // 100 mated searches (person m0..m99) and 6,000 non-mated; scores as given.
    private static EvaluationRun Run(Func<int, float> matedScore, Func<int, float> strangerScore) => new(
        [.. Enumerable.Range(0, 100).Select(i => new SearchOutcome($"m{i}", true, true, matedScore(i), NoGroups)),
         .. Enumerable.Range(0, 6000).Select(i => new SearchOutcome($"s{i}", false, false, strangerScore(i), NoGroups))],
        100, 0, 0, 0, 0, [], "hash", 6100);

    [Fact]
    public void Each_model_is_taken_at_the_lowest_threshold_meeting_the_target_and_a_clear_difference_is_significant()
    {
        // Strangers: six score 0.75, the rest 0.125 (exact in binary). A: every mated search at 0.875. B: only the first 60.
        var strangers = (Func<int, float>)(i => i < 6 ? 0.75f : 0.125f);
        var a = new EvaluatedModel("a", "a sha", Run(_ => 0.875f, strangers), 5);
        var b = new EvaluatedModel("b", "b sha", Run(i => i < 60 ? 0.875f : 0.25f, strangers), 7);
        var c = ModelComparison.Build([a, b]);

        var at1e3 = c.Models[0].Points.Single(p => p.Target == "FPIR 1e-3");
        Assert.Equal(0.126, at1e3.Threshold!.Value, 3); // six of 6,000 at 0.75 is 1e-3: allowed
        var at6000 = c.Models[0].Points.Single(p => p.Target == "FPIR 1/6000");
        Assert.Equal(0.751, at6000.Threshold!.Value, 3); // one in 6,000 at most: above the six strangers
        Assert.Equal((100L, 100L), (at6000.Tpir.Successes, at6000.Tpir.Trials));
        Assert.True(at6000.Resolvable); // 6,000 strangers can show 1 in 6,000
        Assert.False(at6000 with { Fpir = new Proportion(0, 5999) } is { Resolvable: true });
        Assert.Equal(60L, c.Models[1].Points.Single(p => p.Target == "FPIR 1/6000").Tpir.Successes);

        var d = c.Differences.Single(x => x.Target == "FPIR 1/6000");
        Assert.Equal((40L, 0L), (d.FoundOnlyByA, d.FoundOnlyByB));
        Assert.True(d.Significant);
        Assert.Equal((100L, 6000L), (c.MatedSearches, c.NonMatedSearches));
    }

    [Fact]
    public void Models_that_searched_other_probes_are_not_compared()
    {
        var a = new EvaluatedModel("a", "", Run(_ => 0.8f, _ => 0.1f), 1);
        var other = new EvaluatedModel("b", "", new EvaluationRun([new SearchOutcome("x", true, true, 1, NoGroups)], 1, 0, 0, 0, 0, [], "h", 1), 1);
        Assert.Throws<InvalidOperationException>(() => ModelComparison.Build([a, other]));
    }

    [Fact]
    public void McNemar_is_exact_symmetric_and_never_significant_for_an_even_split()
    {
        Assert.Equal(2 * Math.Pow(0.5, 10), ModelComparison.McNemarExact(10, 0), 12);
        Prop.ForAll(Gen.Choose(0, 300).Two().ToArbitrary(), t =>
        {
            var (x, y) = t;
            double p = ModelComparison.McNemarExact(x, y);
            Assert.InRange(p, 0, 1);
            Assert.Equal(p, ModelComparison.McNemarExact(y, x), 12);
            if (x == y) Assert.Equal(1, p);
        }).QuickCheckThrowOnFailure();
    }
}
