using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;
using ScottPlot;

namespace LfrAudit.Evaluation.Reports;

/// <summary>The report's figures as PNG (ScottPlot, headless): DET curves, score distributions, rates against threshold.</summary>
public static class EvaluationPlots
{
    /// <summary>DET curves, overall and by sex.</summary>
    public const string Det = "det-by-sex.png";
    /// <summary>Top-score distributions of mated and non-mated searches.</summary>
    public const string Scores = "scores-by-sex.png";
    /// <summary>TPIR and FPIR against threshold.</summary>
    public const string Rates = "rates-vs-threshold.png";
    /// <summary>TPIR by group at the operational threshold.</summary>
    public const string TpirByGroup = "tpir-by-group.png";
    /// <summary>FPIR by group at the operational threshold, on a log axis.</summary>
    public const string FpirByGroup = "fpir-by-group.png";

    /// <summary>Writes the report's figures for <paramref name="run"/> at <paramref name="threshold"/>; returns those drawn.</summary>
    public static IReadOnlyList<string> Write(string folder, EvaluationRun run, double threshold)
    {
        var groups = new List<(string Name, IReadOnlyList<SearchOutcome> Searches)> { ("all", run.Searches) };
        foreach (var sex in run.Searches.Where(s => s.Groups.ContainsKey("sex")).Select(s => s.Groups["sex"]).Distinct().Order(StringComparer.Ordinal))
            groups.Add((sex, run.Searches.Where(s => s.Groups.GetValueOrDefault("sex") == sex).ToList()));
        var sweep = Enumerable.Range(0, 201).Select(i => i / 200.0).ToArray();

        var drawn = new List<string>();
        if (DetPlot.Draw(folder, Det, [.. groups.Select(g => new DetSeries(g.Name, g.Searches, threshold))], "DET: FNIR against FPIR by sex, operating points marked"))
            drawn.Add(Det);

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
        if (Save(scores, folder, Scores, 800, 560)) drawn.Add(Scores);

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
        if (Save(rates, folder, Rates, 800, 560)) drawn.Add(Rates);

        // Every labelled group's TPIR and FPIR at the operational threshold, with their 95 % intervals.
        var byGroup = GroupRates.Of("at threshold " + threshold.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), run.Searches, threshold);
        if (ForestPlot.Draw(folder, TpirByGroup, byGroup, g => g.Tpir, logAxis: false, "TPIR by group, 95 % intervals", "TPIR (mated searches found)"))
            drawn.Add(TpirByGroup);
        if (ForestPlot.Draw(folder, FpirByGroup, byGroup, g => g.Fpir, logAxis: true, "FPIR by group, 95 % intervals", "FPIR (non-mated searches alerting)"))
            drawn.Add(FpirByGroup);
        return drawn;
    }

    // Okabe and Ito's palette, safe for the common colour-vision deficiencies, each colour with its own line style too, so
    // the curves stay apart in grey print.
    private static readonly Color[] Palette =
        [new(0, 114, 178), new(213, 94, 0), new(0, 158, 115), new(204, 121, 167), new(230, 159, 0), new(86, 180, 233), new(0, 0, 0), new(240, 228, 66)];
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>The palette's n-th colour (a figure's n-th series).</summary>
    internal static Color Colour(int n) => Palette[n % Palette.Length];

    /// <summary>A legend-labelled line without markers, in the next colour and style of the palette.</summary>
    internal static void Line(Plot plot, double[] xs, double[] ys, string legend)
    {
        int n = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Count(x => x.MarkerSize == 0);
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = legend;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = Palette[n % Palette.Length];
        line.LinePattern = Patterns[n / 2 % Patterns.Length];
    }

    /// <summary>Log10 axes labelled as the powers of ten they are (10⁻³, not −3), with unlabelled ticks at 2 to 9 of each decade.</summary>
    internal static void PowersOfTen(Plot plot)
    {
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left }) axis.TickGenerator = DecadeTicks();
    }

    /// <summary>The bottom axis alone as powers of ten (a forest plot's rates; its left axis names groups).</summary>
    internal static void PowersOfTenBottom(Plot plot) => plot.Axes.Bottom.TickGenerator = DecadeTicks();

    /// <summary>
    /// Limits of a log10 axis pair widened to whole decades around what is drawn, so every figure has a labelled tick at
    /// each end however narrow its data (a DET curve within one decade would otherwise show no number at all).
    /// </summary>
    internal static void WholeDecades(Plot plot)
    {
        var points = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(sc => sc.Data.GetScatterPoints())
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count == 0) return;
        static (double Low, double High) Decades(double low, double high)
        {
            double from = Math.Floor(low), to = Math.Min(0, Math.Ceiling(high));
            return to > from ? (from, to) : (to - 1, to);
        }
        var (left, right) = Decades(points.Min(p => p.X), points.Max(p => p.X));
        var (bottom, top) = Decades(points.Min(p => p.Y), points.Max(p => p.Y));
        plot.Axes.SetLimits(left - 0.02, right + 0.02, bottom - 0.02, top + 0.02);
    }

    private static ScottPlot.TickGenerators.NumericManual DecadeTicks()
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = -6; e <= 0; e++)
        {
            ticks.AddMajor(e, e == 0 ? "1" : $"10{Superscript(e)}");
            if (e < 0) for (int k = 2; k <= 9; k++) ticks.AddMinor(e + Math.Log10(k));
        }
        return ticks;
    }

    private static string Superscript(int e) => string.Concat(e.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(ch => ch switch
    {
        '-' => '⁻', '0' => '⁰', '1' => '¹', '2' => '²', '3' => '³', '4' => '⁴', '5' => '⁵', '6' => '⁶', '7' => '⁷', '8' => '⁸', _ => '⁹',
    }));

    /// <summary>
    /// A figure as PNG and SVG, with the numbers it draws beside it as CSV (series, x, y), so no one has to read values off
    /// a picture. A figure with nothing to draw is not written at all.
    /// </summary>
    internal static bool Save(Plot plot, string folder, string png, int width, int height)
    {
        var series = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(png));
        foreach (var old in new[] { ".png", ".svg", ".csv" }) File.Delete(stem + old);
        if (series.Count == 0) return false;
        plot.SavePng(stem + ".png", width, height);
        plot.SaveSvg(stem + ".svg", width, height);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        File.WriteAllText(stem + ".csv", Csv.CsvFile.Write(["series", "x", "y"],
            series.SelectMany(sc => sc.Data.GetScatterPoints().Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => (IReadOnlyList<string>)[sc.LegendText ?? "", p.X.ToString("R", inv), p.Y.ToString("R", inv)]))));
        return true;
    }
}
