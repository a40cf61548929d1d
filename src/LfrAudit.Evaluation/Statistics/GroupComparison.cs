using System.Globalization;

namespace LfrAudit.Evaluation.Statistics;

/// <summary>One group's rate within a demographic dimension ("sex" = "female").</summary>
public sealed record GroupRate(string Dimension, string Group, Proportion Rate)
{
    /// <summary>Below this many searches a group's rate is shown as "not enough data", never as a figure.</summary>
    public const int MinimumSearches = 20;

    /// <summary>Enough searches to show the rate as a figure.</summary>
    public bool Enough => Rate.Trials >= MinimumSearches;
}

/// <summary>A test of the difference between two groups' rates, Holm-adjusted across the family of pairs.</summary>
public sealed record PairComparison(GroupRate A, GroupRate B, double PValue, double AdjustedPValue, double MinimumDetectable)
{
    /// <summary>Adjusted p below 0.05.</summary>
    public bool Significant => AdjustedPValue < 0.05;

    /// <summary>The finding in one sentence: the difference and its p, or that none was found and what these counts could detect.</summary>
    public string Verdict(string metric, double threshold)
    {
        var t = threshold.ToString("0.###", CultureInfo.InvariantCulture);
        var diff = (A.Rate.Rate!.Value - B.Rate.Rate!.Value) * 100;
        return Significant
            ? string.Create(CultureInfo.InvariantCulture, $"{metric} differs between {A.Group} and {B.Group} at threshold {t}: {diff:+0.00;-0.00} points (Fisher exact, Holm-adjusted p = {AdjustedPValue:0.####})")
            : string.Create(CultureInfo.InvariantCulture, $"no statistically significant difference in {metric} between {A.Group} and {B.Group} at threshold {t} with these counts ({A.Rate.Trials} and {B.Rate.Trials} searches; adjusted p = {AdjustedPValue:0.###}); the smallest difference these counts could detect is about {MinimumDetectable * 100:0.0} points");
    }
}

/// <summary>Rates per group and pairwise comparisons of them within a dimension.</summary>
public static class GroupAnalysis
{
    /// <summary>Rates per group of one dimension, and every pair of groups with enough data compared.</summary>
    public static (IReadOnlyList<GroupRate> Rates, IReadOnlyList<PairComparison> Pairs) Compare(
        IReadOnlyList<SearchOutcome> searches, string dimension, Func<SearchOutcome, bool> counts, Func<SearchOutcome, bool> success)
    {
        var rates = searches.Where(counts)
            .Where(s => s.Groups.TryGetValue(dimension, out var g) && !string.IsNullOrEmpty(g))
            .GroupBy(s => s.Groups[dimension], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupRate(dimension, g.Key, new Proportion(g.LongCount(success), g.LongCount())))
            .ToList();
        var testable = rates.Where(r => r.Enough).ToList();
        var raw = new List<(GroupRate A, GroupRate B, double P, double Mdd)>();
        for (int i = 0; i < testable.Count; i++)
            for (int j = i + 1; j < testable.Count; j++)
            {
                var (a, b) = (testable[i], testable[j]);
                if (SetOf(a.Group) != SetOf(b.Group)) continue; // groups from different labelled sets are not comparable                // With no events at all the pooled rate is 0 and would claim any difference detectable: use the
                // rule-of-three bound (3/n) as the smallest base rate these counts cannot rule out.
                long n = a.Rate.Trials + b.Rate.Trials;
                double pooled = Math.Max((a.Rate.Successes + b.Rate.Successes) / (double)n, 3.0 / n);
                raw.Add((a, b, SignificanceTests.FisherExactTwoSided(a.Rate.Successes, a.Rate.Trials, b.Rate.Successes, b.Rate.Trials),
                    SignificanceTests.MinimumDetectableDifference(pooled, a.Rate.Trials, b.Rate.Trials)));
            }
        var adjusted = SignificanceTests.Holm(raw.Select(r => r.P).ToList());
        return (rates, raw.Select((r, i) => new PairComparison(r.A, r.B, r.P, adjusted[i], r.Mdd)).ToList());
    }

    // "fairface: White" belongs to set "fairface"; an unqualified group to no particular set.
    private static string SetOf(string group) => group.IndexOf(": ", StringComparison.Ordinal) is var i and > 0 ? group[..i] : "";

    /// <summary>
    /// The lowest threshold (of those given, ascending) at which a set of non-mated searches keeps FPIR at or
    /// under the target, or null when even the highest does not — or when there are too few searches to
    /// show a rate that small at all (fewer than 1 / target).
    /// </summary>
    public static double? ThresholdForFpir(IReadOnlyList<SearchOutcome> nonMated, double target, IReadOnlyList<double> thresholds)
    {
        if (nonMated.Count < Math.Ceiling(1 / target)) return null;
        foreach (var t in thresholds.Order())
            if (IdentificationRates.At(nonMated, t).Fpir.Rate <= target) return t;
        return null;
    }
}
