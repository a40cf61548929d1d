using LfrAudit.Evaluation.Statistics;
using ScottPlot;

namespace LfrAudit.Evaluation.Reports;

/// <summary>Rates by group with their 95 % intervals, as the field publishes them: one report's model, or several side by side.</summary>
public static class ForestPlot
{
    /// <summary>
    /// Draws <paramref name="rows"/> as a forest plot into <paramref name="folder"/>: one row per group, each model's rate
    /// and 95 % interval side by side within it; a zero rate has no place on a log axis and is left out. False if nothing
    /// could be drawn (and nothing is written).
    /// </summary>
    public static bool Draw(string folder, string png, IReadOnlyList<GroupRates> rows, Func<GroupRates, Proportion> pick, bool logAxis, string title, string label)
    {
        var plot = new Plot();
        // Only the groups with something to draw get a row (no mated search, or a zero rate on a log axis, has none;
        // the page's table gives every group's numbers).
        bool Drawable(GroupRates r) => pick(r) is { Rate: { } rate, Wilson95: { } ci } && (!logAxis || (rate > 0 && ci.Lower > 0));
        var groups = rows.Where(Drawable).Select(r => (r.Dimension, r.Group)).Distinct().ToList();
        var models = rows.Select(r => r.Model).Distinct().ToList();
        double X(double v) => logAxis ? Math.Log10(v) : v;
        for (int k = 0; k < models.Count; k++)
        {
            var colour = EvaluationPlots.Colour(k);
            var (xs, ys) = (new List<double>(), new List<double>());
            foreach (var r in rows.Where(r => r.Model == models[k]))
            {
                if (!Drawable(r)) continue;
                var (rate, ci) = (pick(r).Rate!.Value, pick(r).Wilson95!.Value);
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
        plot.Axes.SetLimitsY(0, Math.Max(1, groups.Count));
        if (logAxis) EvaluationPlots.PowersOfTenBottom(plot);
        plot.Title(title);
        plot.XLabel(label);
        // Below the plot: inside it the legend would hide a group's interval.
        plot.ShowLegend(Edge.Bottom);
        return EvaluationPlots.Save(plot, folder, png, 900, 200 + 28 * groups.Count);
    }
}
