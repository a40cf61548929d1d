using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.FieldTrials;

/// <summary>A rate for one group at one threshold, with its 95 % Wilson interval; too few searches to compare is said.</summary>
public sealed record GroupFigure(string Metric, string Dimension, string Group, double Threshold, long Successes, long Trials, double? Rate, double? Low, double? High, bool Enough);

/// <summary>False alerts to expect per 10,000 and 100,000 crowd faces at a threshold against a watchlist of a size.</summary>
public sealed record FalseAlertsPerFaces(int WatchlistSize, double Per10k, double Per100k);

/// <summary>
/// One threshold of the sweep: TPIR per appearance and FPIR per crowd face from the footage, the same people's stills
/// searched as an image set, false alerts per faces for each watchlist size in use, and whether any group difference
/// (TPIR or FPIR, by sex, ethnicity or age band) is significant there after Holm's correction.
/// </summary>
public sealed record ThresholdRow(double Threshold, Proportion FootageTpir, Proportion FootageFpir, Proportion StillsTpir, Proportion StillsFpir,
    IReadOnlyList<FalseAlertsPerFaces> FalseAlerts, IReadOnlyList<string> SignificantDifferences);

/// <summary>
/// For one metric and dimension: the lowest threshold of the sweep from which no group difference is significant at
/// any higher threshold, and the smallest difference the counts there could have detected (80 % power, 5 % level) —
/// what "no significant difference" is worth.
/// </summary>
public sealed record EquitabilityVerdict(string Metric, string Dimension, int Groups, double? LowestThreshold, double? DetectableDifference, string Statement);

/// <summary>The field-trial analysis of a programme's footage, as field trials publish it.</summary>
public sealed record FieldTrialReport(
    int Appearances,
    int WatchlistedAppearances,
    int CrowdAppearances,
    IReadOnlyList<double> OperationalThresholds,
    IReadOnlyList<ThresholdRow> Sweep,
    IReadOnlyList<GroupFigure> Groups,
    IReadOnlyList<EquitabilityVerdict> Equitability,
    EquitabilityVerdict Overall);

/// <summary>
/// Field-trial analysis. Each person walking past is one search: a watchlisted person is a hit at t when one of their
/// searches had the right entry on top at t or more (TPIR per appearance); anyone else is a false alert at t when one
/// of their searches' top candidate reached t (FPIR per crowd face). Groups are compared pairwise with Fisher's exact
/// test, Holm-corrected within a metric and dimension, at every threshold of the sweep. Ethnicity labels are compared
/// only within the labelled set that gave them (the sets use different categories).
/// </summary>
public static class FieldTrialAnalysis
{
    /// <summary>The demographic labels compared, in the report's order.</summary>
    public static readonly IReadOnlyList<string> Dimensions = LabelsFile.Dimensions;
    /// <summary>The thresholds swept when none are given: 0.30 to 0.90 in 0.02 steps.</summary>
    public static readonly IReadOnlyList<double> DefaultSweep = Enumerable.Range(0, 31).Select(i => Math.Round(0.30 + i * 0.02, 2)).ToList();

    /// <summary>
    /// Analyses the footage's searches beside the stills' at each threshold, and projects the false alerts a watchlist of
    /// each size in use would give from the size measured.
    /// </summary>
    public static FieldTrialReport Analyse(IReadOnlyList<SearchOutcome> footage, IReadOnlyList<SearchOutcome> stills,
        IReadOnlyList<double> operationalThresholds, double watchlistSizeMeasured, IReadOnlyList<int> watchlistSizesInUse, IReadOnlyList<double>? sweep = null)
    {
        sweep ??= DefaultSweep;
        var qualified = footage.Select(QualifiedBySet).ToList();
        var rows = new List<ThresholdRow>();
        var significantAt = new Dictionary<(string Metric, string Dimension), List<double>>();
        var detectable = new Dictionary<(string Metric, string Dimension, double Threshold), double>();
        var groupCounts = new Dictionary<(string Metric, string Dimension), int>();
        foreach (var t in sweep.Concat(operationalThresholds).Distinct().Order())
        {
            var f = IdentificationRates.At(footage, t);
            var s = IdentificationRates.At(stills, t);
            var perFaces = watchlistSizesInUse.Distinct().Order().Select(w =>
            {
                double fpir = Scale(f.Fpir.Rate ?? 0, watchlistSizeMeasured, w);
                return new FalseAlertsPerFaces(w, fpir * 1e4, fpir * 1e5);
            }).ToList();
            var significant = new List<string>();
            foreach (var (metric, counts, success) in Metrics(t))
                foreach (var dimension in Dimensions)
                {
                    var (rates, pairs) = GroupAnalysis.Compare(qualified, dimension, counts, success);
                    groupCounts[(metric, dimension)] = Math.Max(groupCounts.GetValueOrDefault((metric, dimension)), rates.Count(r => r.Enough));
                    if (pairs.Count > 0) detectable[(metric, dimension, t)] = pairs.Max(p => p.MinimumDetectable);
                    foreach (var p in pairs.Where(p => p.Significant))
                    {
                        significant.Add($"{metric} {p.A.Group} vs {p.B.Group} (adjusted p = {p.AdjustedPValue:0.####})");
                        if (!significantAt.TryGetValue((metric, dimension), out var at)) significantAt[(metric, dimension)] = at = [];
                        at.Add(t);
                    }
                }
            rows.Add(new ThresholdRow(t, f.Tpir, f.Fpir, s.Tpir, s.Fpir, perFaces, significant));
        }

        var groups = new List<GroupFigure>();
        foreach (var t in operationalThresholds.Distinct().Order())
            foreach (var (metric, counts, success) in Metrics(t))
                foreach (var dimension in Dimensions)
                    foreach (var r in GroupAnalysis.Compare(qualified, dimension, counts, success).Rates)
                        groups.Add(new GroupFigure(metric, dimension, r.Group, t, r.Rate.Successes, r.Rate.Trials, r.Rate.Rate,
                            r.Rate.Wilson95?.Lower, r.Rate.Wilson95?.Upper, r.Enough));

        var sweepOrder = rows.Select(r => r.Threshold).ToList();
        var verdicts = new List<EquitabilityVerdict>();
        foreach (var metric in new[] { "TPIR", "FPIR" })
            foreach (var dimension in Dimensions)
            {
                int testable = groupCounts.GetValueOrDefault((metric, dimension));
                var at = significantAt.GetValueOrDefault((metric, dimension)) ?? [];
                verdicts.Add(Verdict(metric, dimension, testable, at, sweepOrder, t => detectable.TryGetValue((metric, dimension, t), out var d) ? d : null));
            }
        var allSignificant = significantAt.Values.SelectMany(x => x).ToList();
        var overall = Verdict("TPIR and FPIR", "sex, ethnicity and age band", verdicts.Sum(v => v.Groups), allSignificant, sweepOrder,
            t => verdicts.Select(v => detectable.TryGetValue((v.Metric, v.Dimension, t), out var d) ? d : (double?)null).Where(d => d is not null).DefaultIfEmpty().Max());

        return new FieldTrialReport(footage.Count, footage.Count(x => x.Mated), footage.Count(x => !x.Mated), operationalThresholds.Distinct().Order().ToList(),
            rows, groups, verdicts, overall);
    }

    private static EquitabilityVerdict Verdict(string metric, string dimension, int groups, IReadOnlyList<double> significantAt, IReadOnlyList<double> sweep,
        Func<double, double?> detectableAt)
    {
        if (groups < 2)
            return new EquitabilityVerdict(metric, dimension, groups, null, null,
                $"{metric} by {dimension}: cannot be tested (fewer than two groups with {GroupRate.MinimumSearches} or more {(metric == "TPIR" ? "watchlisted appearances" : metric == "FPIR" ? "crowd faces" : "watchlisted appearances or crowd faces")})");
        double? highestSignificant = significantAt.Count == 0 ? null : significantAt.Max();
        double? lowest = highestSignificant is { } h ? sweep.Where(t => t > h).Cast<double?>().FirstOrDefault() : sweep.FirstOrDefault();
        var mdd = lowest is { } l ? detectableAt(l) : null;
        string worth = mdd is { } m ? $"; there the counts could only have detected a difference of {m * 100:0.#} percentage points or more" : "";
        var statement = lowest is null
            ? $"{metric} by {dimension}: a significant difference remains at every threshold up to {sweep[^1]:0.00}"
            : highestSignificant is null
                ? $"{metric} by {dimension}: no significant difference at any threshold from {lowest:0.00}{worth}"
                : $"{metric} by {dimension}: significant up to {highestSignificant:0.00}; none from {lowest:0.00}{worth}";
        return new EquitabilityVerdict(metric, dimension, groups, lowest, mdd, statement);
    }

    private static (string Metric, Func<SearchOutcome, bool> Counts, Func<SearchOutcome, bool> Success)[] Metrics(double t) =>
    [
        ("TPIR", x => x.Mated, x => x.TruePositiveAt(t)),
        ("FPIR", x => !x.Mated, x => x.FalsePositiveAt(t)),
    ];

    // Ethnicity categories differ between labelled sets: "fairface: White" and "utkface: White" are not one group.
    /// <summary>A search whose ethnicity label is prefixed with the labelled set that gave it ("fairface: Black").</summary>
    public static SearchOutcome QualifiedBySet(SearchOutcome s) =>
        s.Groups.TryGetValue("ethnicity", out var e) && s.Groups.TryGetValue("set", out var set) && !e.Contains(": ", StringComparison.Ordinal)
            ? s with { Groups = new Dictionary<string, string>(s.Groups) { ["ethnicity"] = $"{set}: {e}" } }
            : s;

    /// <summary>FPIR measured against M entries, for W entries (independent entries: 1 − (1 − f)^(W/M)).</summary>
    public static double Scale(double fpir, double measuredSize, int size) =>
        measuredSize <= 0 ? fpir : 1 - Math.Pow(1 - Math.Clamp(fpir, 0, 1), size / measuredSize);
}
