using System.Globalization;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Evaluation.Statistics;
using ScottPlot;

namespace LfrAudit.Evaluation.Comparison;

/// <summary>
/// The comparison's figures: every model's DET curve on the same log axes with its operating point marked, and a
/// forest plot of TPIR and of FPIR by group for each model, with 95 % Wilson intervals — each as PNG, SVG and the CSV
/// of the numbers drawn. A figure with nothing to draw is not written.
/// </summary>
public static class ComparisonPlots
{
    /// <summary>Every model's DET curve on one pair of axes.</summary>
    public const string Det = "det-by-model.png";

    /// <summary>TPIR by group for each model, with 95 % intervals.</summary>
    public const string TpirByGroup = "tpir-by-group.png";

    /// <summary>FPIR by group for each model, on a log axis, with 95 % intervals.</summary>
    public const string FpirByGroup = "fpir-by-group.png";

    /// <summary>The groups a forest plot shows, in this order, when the labels give them.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["sex", "age", "ethnicity"];

    /// <summary>
    /// Writes the figures of <paramref name="models"/> (the same searches for each) into <paramref name="folder"/>, each
    /// model at the threshold that gives it FPIR 1 in 1,000 (<paramref name="comparison"/>); returns the ones drawn.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<EvaluatedModel> models, ModelComparison comparison)
    {
        var drawn = new List<string>();
        var sweep = Enumerable.Range(0, 1001).Select(i => i / 1000.0).ToArray();
        var det = new Plot();
        foreach (var m in models)
        {
            var points = sweep.Select(t => IdentificationRates.At(m.Run.Searches, t)).Where(r => r.Fpir.Rate > 0 && r.Fnir.Rate > 0)
                .Select(r => (X: Math.Log10(r.Fpir.Rate!.Value), Y: Math.Log10(r.Fnir.Rate!.Value))).Distinct().ToArray();
            if (points.Length == 0) continue;
            EvaluationPlots.Line(det, [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)], m.Model);
            var color = det.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Last().Color;
            if (OperatingThreshold(comparison, m.Model) is { } t && IdentificationRates.At(m.Run.Searches, t) is { Fpir.Rate: > 0, Fnir.Rate: > 0 } op)
            {
                var mark = det.Add.Marker(Math.Log10(op.Fpir.Rate!.Value), Math.Log10(op.Fnir.Rate!.Value));
                mark.MarkerShape = MarkerShape.FilledDiamond;
                mark.MarkerSize = 10;
                mark.Color = color;
                mark.LegendText = string.Create(CultureInfo.InvariantCulture, $"{m.Model} at {t:0.000} (FPIR 1e-3)");
            }
        }
        EvaluationPlots.PowersOfTen(det);
        det.Title("DET: FNIR against FPIR, every model on the same searches");
        det.XLabel("FPIR (non-mated searches)");
        det.YLabel("FNIR (mated searches)");
        det.ShowLegend(Alignment.UpperRight);
        if (EvaluationPlots.Save(det, folder, Det, 800, 560)) drawn.Add(Det);

        var rows = Rows(models, comparison);
        if (Forest(folder, TpirByGroup, rows, r => r.Tpir, logAxis: false, "TPIR by group, 95 % intervals", "TPIR (mated searches found)"))
            drawn.Add(TpirByGroup);
        if (Forest(folder, FpirByGroup, rows, r => r.Fpir, logAxis: true, "FPIR by group, 95 % intervals", "FPIR (non-mated searches alerting)"))
            drawn.Add(FpirByGroup);
        return drawn;
    }

    /// <summary>Each model's rates in each group (all searches first), at its FPIR 1e-3 threshold.</summary>
    public static IReadOnlyList<GroupRates> Rows(IReadOnlyList<EvaluatedModel> models, ModelComparison comparison)
    {
        var rows = new List<GroupRates>();
        foreach (var m in models)
        {
            if (OperatingThreshold(comparison, m.Model) is not { } t) continue;
            var all = IdentificationRates.At(m.Run.Searches, t);
            rows.Add(new GroupRates(m.Model, "all", "all", t, all.Tpir, all.Fpir));
            foreach (var dimension in Dimensions)
                foreach (var group in m.Run.Searches.Select(s => s.Groups.GetValueOrDefault(dimension)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
                {
                    var rates = IdentificationRates.At([.. m.Run.Searches.Where(s => s.Groups.GetValueOrDefault(dimension) == group)], t);
                    rows.Add(new GroupRates(m.Model, dimension, group, t, rates.Tpir, rates.Fpir));
                }
        }
        return rows;
    }

    private static double? OperatingThreshold(ModelComparison comparison, string model) =>
        comparison.Models.First(f => f.Model == model).Points.First(p => p.FpirTarget == ModelComparison.Targets[0].Fpir).Threshold;

    // One row per group, the models' intervals side by side within it; a zero rate has no place on a log axis and is left out.
    private static bool Forest(string folder, string png, IReadOnlyList<GroupRates> rows, Func<GroupRates, Proportion> pick, bool logAxis, string title, string label)
    {
        var plot = new Plot();
        var groups = rows.Select(r => (r.Dimension, r.Group)).Distinct().ToList();
        var models = rows.Select(r => r.Model).Distinct().ToList();
        double X(double v) => logAxis ? Math.Log10(v) : v;
        for (int k = 0; k < models.Count; k++)
        {
            var colour = EvaluationPlots.Colour(k);
            var (xs, ys) = (new List<double>(), new List<double>());
            foreach (var r in rows.Where(r => r.Model == models[k]))
            {
                var p = pick(r);
                if (p.Rate is not { } rate || p.Wilson95 is not { } ci || (logAxis && (rate <= 0 || ci.Lower <= 0))) continue;
                double y = groups.Count - groups.IndexOf((r.Dimension, r.Group)) - (k + 1.0) / (models.Count + 1);
                var whisker = plot.Add.Line(X(ci.Lower), y, X(ci.Upper), y);
                whisker.Color = colour;
                whisker.LineWidth = 2;
                xs.Add(X(rate));
                ys.Add(y);
            }
            if (xs.Count == 0) continue;
            // The rates as points (their intervals are the whiskers, and the page's table gives both in numbers).
            var dots = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            dots.LineWidth = 0;
            dots.MarkerSize = 8;
            dots.MarkerShape = k % 2 == 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            dots.Color = colour;
            dots.LegendText = models[k];
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < groups.Count; i++) ticks.AddMajor(groups.Count - i - 0.5, groups[i].Dimension == "all" ? "all" : $"{groups[i].Dimension}: {groups[i].Group}");
        plot.Axes.Left.TickGenerator = ticks;
        if (logAxis) EvaluationPlots.PowersOfTenBottom(plot);
        plot.Title(title);
        plot.XLabel(label);
        // Below the plot: inside it the legend would hide a group's interval.
        plot.ShowLegend(Edge.Bottom);
        return EvaluationPlots.Save(plot, folder, png, 900, 200 + 28 * groups.Count);
    }
}

/// <summary>One model's rates in one group at its operating threshold.</summary>
/// <param name="Model">The embedder.</param>
/// <param name="Dimension">The demographic label ("all" for every search).</param>
/// <param name="Group">The group within it.</param>
/// <param name="Threshold">The model's FPIR 1e-3 threshold on all searches.</param>
/// <param name="Tpir">Mated searches found.</param>
/// <param name="Fpir">Non-mated searches alerting.</param>
public sealed record GroupRates(string Model, string Dimension, string Group, double Threshold, Proportion Tpir, Proportion Fpir);
