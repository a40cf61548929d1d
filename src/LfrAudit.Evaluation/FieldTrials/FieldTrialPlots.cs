using LfrAudit.Evaluation.Statistics;
using ScottPlot;
using LfrAudit.Evaluation.Reports;
using static LfrAudit.Evaluation.Reports.EvaluationPlots;

namespace LfrAudit.Evaluation.FieldTrials;

/// <summary>
/// The field-trial plots: rates against threshold (footage beside stills); DET curves of footage and stills on log axes
/// with the operating point marked; and forest plots of TPIR and FPIR (log axis) by group at the operating threshold,
/// footage beside stills, with 95 % intervals.
/// </summary>
public static class FieldTrialPlots
{
    /// <summary>Rates against threshold, footage beside stills.</summary>
    public const string Rates = "field-trial-rates.png";
    /// <summary>DET curves, footage and stills.</summary>
    public const string Det = "field-trial-det.png";
    /// <summary>FPIR by group, a forest plot on a log axis.</summary>
    public const string FpirByGroup = "field-trial-fpir-by-group.png";
    /// <summary>TPIR by group, a forest plot.</summary>
    public const string TpirByGroup = "field-trial-tpir-by-group.png";

    private const string Footage = "footage (per appearance)", Stills = "the same people's stills";

    /// <summary>
    /// Writes the plots that have something to draw into <paramref name="folder"/>, the DET marks and forest plots at
    /// <paramref name="operating"/>; returns them.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, FieldTrialReport report, IReadOnlyList<SearchOutcome> footage, IReadOnlyList<SearchOutcome> stills,
        double operating)
    {
        var xs = report.Sweep.Select(r => r.Threshold).ToArray();

        var rates = new Plot();
        foreach (var (label, pick) in new (string, Func<ThresholdRow, Proportion>)[]
                 {
                     ("TPIR per appearance (footage)", r => r.FootageTpir), ("FPIR per crowd face (footage)", r => r.FootageFpir),
                     ("TPIR (the same people's stills)", r => r.StillsTpir), ("FPIR (the same people's stills)", r => r.StillsFpir),
                 })
        {
            var props = report.Sweep.Select(pick).ToArray();
            if (!props[0].HasData) continue;
            if (label.Contains("footage", StringComparison.Ordinal))
            {
                var band = rates.Add.FillY(xs, props.Select(p => p.Wilson95!.Value.Lower).ToArray(), props.Select(p => p.Wilson95!.Value.Upper).ToArray());
                band.FillColor = band.FillColor.WithAlpha(0.2);
                band.LineColor = band.LineColor.WithAlpha(0);
            }
            Line(rates, xs, props.Select(p => p.Rate!.Value).ToArray(), label);
        }
        foreach (var t in report.OperationalThresholds) rates.Add.VerticalLine(t);
        rates.Title("Footage against stills: TPIR and FPIR by threshold (95 % intervals for footage)");
        rates.XLabel("threshold");
        rates.YLabel("rate");
        rates.ShowLegend(Alignment.MiddleRight);
        var written = new List<string>();
        if (Save(rates, folder, Rates, 900, 560)) written.Add(Rates);

        if (DetPlot.Draw(folder, Det, [new DetSeries(Footage, footage, operating), new DetSeries(Stills, stills, operating)],
                "DET: FNIR against FPIR, footage and the same people's stills")) written.Add(Det);

        // Ethnicity is compared within the labelled set that gave it (the sets' categories differ).
        var rows = GroupRates.Of(Footage, [.. footage.Select(FieldTrialAnalysis.QualifiedBySet)], operating)
            .Concat(GroupRates.Of(Stills, [.. stills.Select(FieldTrialAnalysis.QualifiedBySet)], operating)).ToList();
        var at = operating.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        if (Forest(folder, TpirByGroup, rows, r => r.Tpir, logAxis: false, $"TPIR per watchlisted appearance by group at {at}, 95 % intervals",
                "TPIR (watchlisted people found)")) written.Add(TpirByGroup);
        if (Forest(folder, FpirByGroup, rows, r => r.Fpir, logAxis: true, $"FPIR per crowd face by group at {at}, 95 % intervals",
                "FPIR (people not on the watchlist alerted)")) written.Add(FpirByGroup);
        return written;
    }

    // A forest plot of the groups with enough searches; none but "all" is no comparison, and nothing is drawn (any old file removed).
    private static bool Forest(string folder, string png, IReadOnlyList<GroupRates> rows, Func<GroupRates, Proportion> pick, bool logAxis, string title, string label)
    {
        var enough = rows.Where(r => pick(r).Trials >= GroupRate.MinimumSearches).ToList();
        if (enough.All(r => r.Dimension == "all")) enough.Clear();
        return ForestPlot.Draw(folder, png, enough, pick, logAxis, title, label);
    }
}
