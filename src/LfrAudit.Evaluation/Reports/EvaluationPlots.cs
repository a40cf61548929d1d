using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;
using ScottPlot;

namespace LfrAudit.Evaluation.Reports;

/// <summary>The report's figures as PNG (ScottPlot, headless): DET curves, score distributions, rates against threshold.</summary>
public static class EvaluationPlots
{
    public const string Det = "det-by-sex.png";
    public const string Scores = "scores-by-sex.png";
    public const string Rates = "rates-vs-threshold.png";

    public static IReadOnlyList<string> Write(string folder, EvaluationRun run, double threshold)
    {
        var groups = new List<(string Name, IReadOnlyList<SearchOutcome> Searches)> { ("all", run.Searches) };
        foreach (var sex in run.Searches.Where(s => s.Groups.ContainsKey("sex")).Select(s => s.Groups["sex"]).Distinct().Order(StringComparer.Ordinal))
            groups.Add((sex, run.Searches.Where(s => s.Groups.GetValueOrDefault("sex") == sex).ToList()));
        var sweep = Enumerable.Range(0, 201).Select(i => i / 200.0).ToArray();

        // DET: FNIR against FPIR, both on log10 axes; points where either is zero cannot be drawn on a log scale.
        var det = new Plot();
        foreach (var (name, searches) in groups)
        {
            var points = sweep.Select(t => IdentificationRates.At(searches, t)).Where(r => r.Fpir.Rate > 0 && r.Fnir.Rate > 0)
                .Select(r => (X: Math.Log10(r.Fpir.Rate!.Value), Y: Math.Log10(r.Fnir.Rate!.Value))).ToArray();
            if (points.Length == 0) continue;
            Line(det, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), name);
        }
        det.Title("DET: FNIR against FPIR by sex (log10 scales)");
        det.XLabel("log10 FPIR (non-mated searches)");
        det.YLabel("log10 FNIR (mated searches)");
        det.ShowLegend(Alignment.UpperRight);
        det.SavePng(Path.Combine(folder, Det), 800, 560);

        // Score distributions: the top score of mated and of non-mated searches, share per 0.02 bin.
        var scores = new Plot();
        foreach (var (name, searches) in groups)
            foreach (var (label, mated) in new[] { ("mated", true), ("non-mated", false) })
            {
                var s = searches.Where(x => x.Mated == mated && x.TopScore >= 0).Select(x => (double)x.TopScore).ToArray();
                if (s.Length == 0) continue;
                var bins = Enumerable.Range(0, 60).Select(b => -0.2 + b * 0.02).ToArray();
                var share = bins.Select(lo => s.Count(v => v >= lo && v < lo + 0.02) / (double)s.Length).ToArray();
                Line(scores, bins.Select(b => b + 0.01).ToArray(), share, $"{name}, {label} (n = {s.Length})");
            }
        var at = scores.Add.VerticalLine(threshold);
        at.LegendText = $"threshold {threshold:0.##}";
        scores.Title("Top score of each search, by sex");
        scores.XLabel("cosine similarity");
        scores.YLabel("share of searches per 0.02");
        scores.ShowLegend(Alignment.UpperLeft);
        scores.SavePng(Path.Combine(folder, Scores), 800, 560);

        // TPIR and FPIR against threshold with their 95 % Wilson intervals.
        var rates = new Plot();
        var all = sweep.Select(t => IdentificationRates.At(run.Searches, t)).ToArray();
        foreach (var (label, pick) in new (string, Func<IdentificationRates, Proportion>)[] { ("TPIR", r => r.Tpir), ("FPIR", r => r.Fpir) })
        {
            var props = all.Select(pick).ToArray();
            if (!props[0].HasData) continue;
            rates.Add.FillY(sweep, props.Select(p => p.Wilson95!.Value.Lower).ToArray(), props.Select(p => p.Wilson95!.Value.Upper).ToArray());
            Line(rates, sweep, props.Select(p => p.Rate!.Value).ToArray(), $"{label} with 95 % interval");
        }
        rates.Add.VerticalLine(threshold);
        rates.Title("TPIR and FPIR against threshold (all searches)");
        rates.XLabel("threshold");
        rates.YLabel("rate");
        rates.ShowLegend(Alignment.MiddleLeft);
        rates.SavePng(Path.Combine(folder, Rates), 800, 560);
        return [Det, Scores, Rates];
    }

    /// <summary>A legend-labelled line without markers (every plot of the reports draws its curves so).</summary>
    internal static void Line(Plot plot, double[] xs, double[] ys, string legend)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = legend;
        line.MarkerSize = 0;
    }
}
