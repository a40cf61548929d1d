using LfrAudit.Evaluation.Statistics;
using ScottPlot;
using static LfrAudit.Evaluation.Reports.EvaluationPlots;

namespace LfrAudit.Evaluation.FieldTrials;

/// <summary>The field-trial plots: rates against threshold (footage beside stills), and FPIR and TPIR per group.</summary>
public static class FieldTrialPlots
{
    /// <summary>Rates against threshold, footage beside stills.</summary>
    public const string Rates = "field-trial-rates.png";
    /// <summary>FPIR per group.</summary>
    public const string FpirByGroup = "field-trial-fpir-by-group.png";
    /// <summary>TPIR per sex.</summary>
    public const string TpirByGroup = "field-trial-tpir-by-sex.png";

    /// <summary>Writes the plots that have something to draw into <paramref name="folder"/>; returns them.</summary>
    public static IReadOnlyList<string> Write(string folder, FieldTrialReport report, IReadOnlyList<Statistics.SearchOutcome> footage)
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
        Save(rates, folder, Rates, 900, 560);

        var written = new List<string> { Rates };
        // A group plot with no group of enough searches would be an empty chart: it is not drawn, and the page says so.
        if (GroupPlot(folder, FpirByGroup, footage.Where(s => !s.Mated).ToList(), "ethnicity", xs, s => s.FalsePositiveAt,
                "FPIR per crowd face by ethnicity (labelled set: group)", report.OperationalThresholds)) written.Add(FpirByGroup);
        if (GroupPlot(folder, TpirByGroup, footage.Where(s => s.Mated).ToList(), "sex", xs, s => s.TruePositiveAt,
                "TPIR per watchlisted appearance by sex", report.OperationalThresholds)) written.Add(TpirByGroup);
        return written;
    }

    /// <summary>Draws one line per group with enough searches; false, and no file, when no group has.</summary>
    private static bool GroupPlot(string folder, string file, IReadOnlyList<SearchOutcome> searches, string dimension, double[] xs,
        Func<SearchOutcome, Func<double, bool>> at, string title, IReadOnlyList<double> operational)
    {
        var plot = new Plot();
        int lines = 0;
        foreach (var group in searches.Where(s => s.Groups.ContainsKey(dimension)).GroupBy(s => Label(s, dimension)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (members.Count < GroupRate.MinimumSearches) continue;
            Line(plot, xs, xs.Select(t => members.Count(s => at(s)(t)) / (double)members.Count).ToArray(), $"{group.Key} (n = {members.Count})");
            lines++;
        }
        if (lines == 0) return Save(plot, folder, file, 900, 560); // nothing to draw: nothing written, and any earlier chart removed
        foreach (var t in operational) plot.Add.VerticalLine(t);
        plot.Title(title);
        plot.XLabel("threshold");
        plot.YLabel("rate");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, folder, file, 900, 560);
    }

    private static string Label(SearchOutcome s, string dimension) =>
        dimension == "ethnicity" && s.Groups.TryGetValue("set", out var set) ? $"{set}: {s.Groups[dimension]}" : s.Groups[dimension];
}
