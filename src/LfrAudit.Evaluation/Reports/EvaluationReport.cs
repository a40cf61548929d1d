using System.Globalization;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Reports;

/// <summary>One rate of the report: a metric for a group at a threshold, with its count and intervals.</summary>
/// <param name="Metric">TPIR, FPIR or FNIR.</param>
/// <param name="Dimension">The demographic label ("all" for every search).</param>
/// <param name="Group">The group within it.</param>
/// <param name="Threshold">The threshold it is at.</param>
/// <param name="Successes">Searches counted as the metric's event.</param>
/// <param name="Trials">Searches it is over.</param>
/// <param name="Rate">Successes over trials; null when there is not enough data to show one.</param>
/// <param name="WilsonLower">The 95 % Wilson interval's lower end.</param>
/// <param name="WilsonUpper">Its upper end.</param>
/// <param name="BootstrapLower">The 95 % interval from resampling people, lower end.</param>
/// <param name="BootstrapUpper">Its upper end.</param>
/// <param name="NotEnoughData">Why no rate is shown, if none is.</param>
public sealed record RateFigure(string Metric, string Dimension, string Group, double Threshold, long Successes, long Trials,
    double? Rate, double? WilsonLower, double? WilsonUpper, double? BootstrapLower, double? BootstrapUpper, string? NotEnoughData);

/// <summary>A test of the difference between two groups' rates at a threshold, and its verdict in words.</summary>
/// <param name="Metric">TPIR or FPIR.</param>
/// <param name="Dimension">The demographic label.</param>
/// <param name="GroupA">One group.</param>
/// <param name="GroupB">The other.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="PValue">Fisher's exact test.</param>
/// <param name="AdjustedPValue">Holm-adjusted over the family of pairs.</param>
/// <param name="Significant">Adjusted p below 0.05.</param>
/// <param name="MinimumDetectableDifference">The smallest difference these counts could detect.</param>
/// <param name="Verdict">The finding in one sentence.</param>
public sealed record ComparisonFigure(string Metric, string Dimension, string GroupA, string GroupB, double Threshold, double PValue, double AdjustedPValue,
    bool Significant, double MinimumDetectableDifference, string Verdict);

/// <summary>The lowest threshold giving a group an FPIR at most the target, or why there is none.</summary>
/// <param name="Dimension">The demographic label ("all" for every search).</param>
/// <param name="Group">The group.</param>
/// <param name="Target">The FPIR aimed at, in words.</param>
/// <param name="NonMatedSearches">The group's non-mated searches.</param>
/// <param name="Threshold">The threshold; null when none in the sweep meets the target.</param>
/// <param name="Note">Why there is none, or a caution.</param>
public sealed record TargetThreshold(string Dimension, string Group, string Target, long NonMatedSearches, double? Threshold, string? Note);

/// <summary>An image-set evaluation's report: what it was run on, its rates, group comparisons and thresholds.</summary>
/// <param name="Provenance">How to reproduce it: data, model, seed, versions.</param>
/// <param name="Counts">Searches, people and identities counted.</param>
/// <param name="Supported">What this data can and cannot show, in sentences.</param>
/// <param name="Figures">Every rate at every threshold of the sweep.</param>
/// <param name="Comparisons">Every pair of groups compared.</param>
/// <param name="TargetThresholds">The thresholds that meet the FPIR targets.</param>
/// <param name="Problems">Images that could not be read.</param>
public sealed record EvaluationReport(
    IReadOnlyDictionary<string, string> Provenance,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<string> Supported,
    IReadOnlyList<RateFigure> Figures,
    IReadOnlyList<ComparisonFigure> Comparisons,
    IReadOnlyList<TargetThreshold> TargetThresholds,
    IReadOnlyList<string> Problems)
{
    private static readonly (string Label, double Rate)[] FpirTargets = [("1 in 1,000", 1.0 / 1000), ("1 in 6,000", 1.0 / 6000)];

    /// <summary>Everything the evaluation found, ready for JSON, CSV and HTML.</summary>
    public static EvaluationReport Build(EvaluationRun run, EvaluationSettings settings, IReadOnlyDictionary<string, string> provenance)
    {
        var s = run.Searches;
        double t = settings.OperationalThreshold;
        var figures = new List<RateFigure>();
        var comparisons = new List<ComparisonFigure>();
        var supported = new List<string>();

        foreach (var threshold in EvaluationSettings.Sweep)
        {
            var rates = IdentificationRates.At(s, threshold);
            bool operational = Math.Abs(threshold - t) < 1e-9;
            figures.Add(Figure("TPIR", "all", "all", threshold, rates.Tpir, operational ? Boot(s, x => x.Mated, x => x.TruePositiveAt(threshold), settings.Seed) : null));
            figures.Add(Figure("FNIR", "all", "all", threshold, rates.Fnir, null));
            figures.Add(Figure("FPIR", "all", "all", threshold, rates.Fpir, operational ? Boot(s, x => !x.Mated, x => x.FalsePositiveAt(threshold), settings.Seed) : null));
        }
        if (!EvaluationSettings.Sweep.Any(x => Math.Abs(x - t) < 1e-9))
        {
            var rates = IdentificationRates.At(s, t);
            figures.Add(Figure("TPIR", "all", "all", t, rates.Tpir, Boot(s, x => x.Mated, x => x.TruePositiveAt(t), settings.Seed)));
            figures.Add(Figure("FPIR", "all", "all", t, rates.Fpir, Boot(s, x => !x.Mated, x => x.FalsePositiveAt(t), settings.Seed)));
        }

        var dimensions = LabelsFile.Dimensions.Concat(["sex×ethnicity", "sex×age_band"]).ToList();
        var withIntersections = s.Select(x => x with { Groups = Intersections(x.Groups) }).ToList();
        foreach (var (metric, counts, success) in new (string, Func<SearchOutcome, bool>, Func<SearchOutcome, bool>)[]
                 {
                     ("TPIR", x => x.Mated, x => x.TruePositiveAt(t)),
                     ("FPIR", x => !x.Mated, x => x.FalsePositiveAt(t)),
                 })
        {
            foreach (var dimension in dimensions)
            {
                var (rates, pairs) = GroupAnalysis.Compare(withIntersections, dimension, counts, success);
                foreach (var r in rates)
                    figures.Add(Figure(metric, dimension, r.Group, t, r.Rate,
                        r.Enough ? Boot(withIntersections.Where(x => x.Groups.GetValueOrDefault(dimension) == r.Group).ToList(), counts, success, settings.Seed) : null,
                        r.Enough ? null : $"not enough data: {r.Rate.Trials} searches (fewer than {GroupRate.MinimumSearches})"));
                comparisons.AddRange(pairs.Select(p => new ComparisonFigure(metric, dimension, p.A.Group, p.B.Group, t, p.PValue, p.AdjustedPValue,
                    p.Significant, p.MinimumDetectable, p.Verdict(metric, t))));
                int testable = rates.Count(r => r.Enough);
                supported.Add(testable >= 2
                    ? $"{metric} by {dimension}: supported ({testable} groups with at least {GroupRate.MinimumSearches} {(metric == "TPIR" ? "mated" : "non-mated")} searches)"
                    : rates.Count == 0
                        ? $"{metric} by {dimension}: NOT supported by this data (no {(metric == "TPIR" ? "mated" : "non-mated")} search carries {(dimension.StartsWith("age", StringComparison.Ordinal) || dimension.StartsWith("ethnicity", StringComparison.Ordinal) ? "an" : "a")} {dimension} label)"
                        : $"{metric} by {dimension}: NOT supported by this data (only {testable} group with enough searches)");
            }
        }

        var targets = new List<TargetThreshold>();
        var nonMatedAll = withIntersections.Where(x => !x.Mated).ToList();
        foreach (var (label, rate) in FpirTargets)
        {
            targets.Add(Target("all", "all", label, rate, nonMatedAll));
            foreach (var dimension in LabelsFile.Dimensions)
                foreach (var g in nonMatedAll.Where(x => x.Groups.ContainsKey(dimension)).GroupBy(x => x.Groups[dimension]).OrderBy(g => g.Key, StringComparer.Ordinal))
                    targets.Add(Target(dimension, g.Key, label, rate, g.ToList()));
        }

        var counts2 = new Dictionary<string, long>
        {
            ["images_read"] = run.ImagesRead,
            ["enrolled_identities"] = run.EnrolledIdentities,
            ["held_out_identities"] = run.HeldOutIdentities,
            ["single_image_identities"] = run.SingleImageIdentities,
            ["enrolment_failures"] = run.EnrolmentFailures, // no searchable face, or unreadable (listed in problems)
            ["mated_searches"] = s.Count(x => x.Mated),
            ["non_mated_searches"] = s.Count(x => !x.Mated),
            ["probes_without_a_face"] = run.ProbesWithoutFace,
            ["people"] = s.Select(x => x.Person).Distinct().Count(),
        };
        return new EvaluationReport(provenance, counts2, supported, figures, comparisons, targets, run.Problems);
    }

    private static TargetThreshold Target(string dimension, string group, string label, double rate, IReadOnlyList<SearchOutcome> nonMated)
    {
        var found = GroupAnalysis.ThresholdForFpir(nonMated, rate, EvaluationSettings.Sweep);
        string? note = nonMated.Count < Math.Ceiling(1 / rate) ? $"not enough data: {nonMated.Count} non-mated searches cannot show a rate of {label}"
            : found is null ? "no threshold up to 1.0 reaches this target" : null;
        return new TargetThreshold(dimension, group, label, nonMated.Count, found, note);
    }

    private static IReadOnlyDictionary<string, string> Intersections(IReadOnlyDictionary<string, string> g)
    {
        var d = new Dictionary<string, string>(g);
        if (g.TryGetValue("sex", out var sex))
        {
            if (g.TryGetValue("ethnicity", out var e)) d["sex×ethnicity"] = $"{sex} × {e}";
            if (g.TryGetValue("age_band", out var a)) d["sex×age_band"] = $"{sex} × {a}";
        }
        return d;
    }

    private static (double, double)? Boot(IReadOnlyList<SearchOutcome> s, Func<SearchOutcome, bool> counts, Func<SearchOutcome, bool> success, int seed) =>
        PersonBootstrap.Interval(s, counts, success, resamples: 1000, seed: seed);

    private static RateFigure Figure(string metric, string dimension, string group, double threshold, Proportion p, (double Lower, double Upper)? boot, string? notEnough = null) =>
        new(metric, dimension, group, threshold, p.Successes, p.Trials, notEnough is null ? p.Rate : null, p.Wilson95?.Lower, p.Wilson95?.Upper, boot?.Lower, boot?.Upper,
            notEnough ?? (p.HasData ? null : "no searches"));

    /// <summary>Every rate as CSV, one row each.</summary>
    public string ToCsv()
    {
        string F(double? v) => v?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        // Control characters (from a labels file) as escapes, so no cell carries a terminal's escape sequence.
        string T(string? v) => SafeText.Escape(v ?? "");
        return Csv.CsvFile.Write(
            ["metric", "dimension", "group", "threshold", "successes", "trials", "rate", "wilson_lower", "wilson_upper", "bootstrap_lower", "bootstrap_upper", "note"],
            Figures.Select(f => (IReadOnlyList<string>)[f.Metric, T(f.Dimension), T(f.Group), F(f.Threshold), I(f.Successes), I(f.Trials), F(f.Rate),
                F(f.WilsonLower), F(f.WilsonUpper), F(f.BootstrapLower), F(f.BootstrapUpper), T(f.NotEnoughData)]));
    }
}
