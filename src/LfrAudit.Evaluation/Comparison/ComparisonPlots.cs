using System.Globalization;
using LfrAudit.Evaluation.Reports;

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

    /// <summary>
    /// Writes the figures of <paramref name="models"/> (the same searches for each) into <paramref name="folder"/>, each
    /// model at the threshold that gives it FPIR 1 in 1,000 (<paramref name="comparison"/>); returns the ones drawn.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<EvaluatedModel> models, ModelComparison comparison)
    {
        var drawn = new List<string>();
        var curves = models.Select(m => OperatingThreshold(comparison, m.Model) is { } t
            ? new DetSeries(m.Model, m.Run.Searches, t, string.Create(CultureInfo.InvariantCulture, $"{m.Model} at {t:0.000} (FPIR 1e-3)"))
            : new DetSeries(m.Model, m.Run.Searches)).ToList();
        if (DetPlot.Draw(folder, Det, curves, "DET: FNIR against FPIR, every model on the same searches")) drawn.Add(Det);

        var rows = Rows(models, comparison);
        if (ForestPlot.Draw(folder, TpirByGroup, rows, r => r.Tpir, logAxis: false, "TPIR by group, 95 % intervals", "TPIR (mated searches found)"))
            drawn.Add(TpirByGroup);
        if (ForestPlot.Draw(folder, FpirByGroup, rows, r => r.Fpir, logAxis: true, "FPIR by group, 95 % intervals", "FPIR (non-mated searches alerting)"))
            drawn.Add(FpirByGroup);
        return drawn;
    }

    /// <summary>Each model's rates in each group (all searches first), at its FPIR 1e-3 threshold.</summary>
    public static IReadOnlyList<GroupRates> Rows(IReadOnlyList<EvaluatedModel> models, ModelComparison comparison)
    {
        var rows = new List<GroupRates>();
        foreach (var m in models)
        {
            if (OperatingThreshold(comparison, m.Model) is { } t) rows.AddRange(GroupRates.Of(m.Model, m.Run.Searches, t));
        }
        return rows;
    }

    private static double? OperatingThreshold(ModelComparison comparison, string model) =>
        comparison.Models.First(f => f.Model == model).Points.First(p => p.FpirTarget == ModelComparison.Targets[0].Fpir).Threshold;

}
