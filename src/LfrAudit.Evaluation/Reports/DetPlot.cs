using LfrAudit.Evaluation.Statistics;
using ScottPlot;

namespace LfrAudit.Evaluation.Reports;

/// <summary>One curve of a DET plot: a name, its searches, and the threshold whose point is marked on it (none: no mark).</summary>
/// <param name="Name">The curve's legend (a model, a group, footage or stills).</param>
/// <param name="Searches">The searches the curve sweeps.</param>
/// <param name="Operating">The threshold in use, marked on the curve, or null.</param>
/// <param name="OperatingLabel">The mark's legend, or null for "NAME at THRESHOLD".</param>
public sealed record DetSeries(string Name, IReadOnlyList<SearchOutcome> Searches, double? Operating = null, string? OperatingLabel = null);

/// <summary>
/// DET curves as the field publishes them: FNIR against FPIR, both on log10 axes labelled as powers of ten, every curve
/// on the same axes, each operating point marked. A point where either rate is zero has no place on a log axis.
/// </summary>
public static class DetPlot
{
    private static readonly double[] Sweep = [.. Enumerable.Range(0, 1001).Select(i => i / 1000.0)];

    /// <summary>Draws <paramref name="series"/> into <paramref name="folder"/> (PNG, SVG and CSV); false, and nothing written, when no curve has a point.</summary>
    public static bool Draw(string folder, string png, IReadOnlyList<DetSeries> series, string title)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var points = Sweep.Select(t => IdentificationRates.At(s.Searches, t)).Where(r => r.Fpir.Rate > 0 && r.Fnir.Rate > 0)
                .Select(r => (X: Math.Log10(r.Fpir.Rate!.Value), Y: Math.Log10(r.Fnir.Rate!.Value))).Distinct().ToArray();
            if (points.Length == 0) continue;
            EvaluationPlots.Line(plot, [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)], s.Name);
            var colour = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Last().Color;
            if (s.Operating is { } t && IdentificationRates.At(s.Searches, t) is { Fpir.Rate: > 0, Fnir.Rate: > 0 } op)
            {
                // A marker, not a series: the CSV beside the figure holds the curves.
                var mark = plot.Add.Marker(Math.Log10(op.Fpir.Rate!.Value), Math.Log10(op.Fnir.Rate!.Value));
                mark.MarkerShape = MarkerShape.FilledDiamond;
                mark.MarkerSize = 10;
                mark.Color = colour;
                mark.LegendText = s.OperatingLabel ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Name} at threshold {t:0.##}");
            }
        }
        EvaluationPlots.PowersOfTen(plot);
        EvaluationPlots.WholeDecades(plot);
        plot.Title(title);
        plot.XLabel("FPIR (non-mated searches)");
        plot.YLabel("FNIR (mated searches)");
        plot.ShowLegend(Alignment.UpperRight);
        return EvaluationPlots.Save(plot, folder, png, 800, 560);
    }
}
