using System.Globalization;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Reports;

public sealed record RateFigure(string Metric, string Dimension, string Group, double Threshold, long Successes, long Trials,
    double? Rate, double? WilsonLower, double? WilsonUpper, double? BootstrapLower, double? BootstrapUpper, string? NotEnoughData);

public sealed record ComparisonFigure(string Metric, string Dimension, string GroupA, string GroupB, double Threshold, double PValue, double AdjustedPValue,
    bool Significant, double MinimumDetectableDifference, string Verdict);

public sealed record TargetThreshold(string Dimension, string Group, string Target, long NonMatedSearches, double? Threshold, string? Note);

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
