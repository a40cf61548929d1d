using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Reports;

/// <summary>One model's rates in one group at a threshold.</summary>
/// <param name="Model">The embedder.</param>
/// <param name="Dimension">The demographic label ("all" for every search).</param>
/// <param name="Group">The group within it.</param>
/// <param name="Threshold">The threshold the rates are at.</param>
/// <param name="Tpir">Mated searches found.</param>
/// <param name="Fpir">Non-mated searches alerting.</param>
public sealed record GroupRates(string Model, string Dimension, string Group, double Threshold, Proportion Tpir, Proportion Fpir)
{
    /// <summary>The rates of <paramref name="searches"/> at <paramref name="threshold"/>: all of them, then each group.</summary>
    public static IReadOnlyList<GroupRates> Of(string model, IReadOnlyList<SearchOutcome> searches, double threshold)
    {
        var all = IdentificationRates.At(searches, threshold);
        var rows = new List<GroupRates> { new(model, "all", "all", threshold, all.Tpir, all.Fpir) };
        foreach (var dimension in LabelsFile.Dimensions)
            foreach (var group in searches.Select(s => s.Groups.GetValueOrDefault(dimension)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            {
                var rates = IdentificationRates.At([.. searches.Where(s => s.Groups.GetValueOrDefault(dimension) == group)], threshold);
                rows.Add(new GroupRates(model, dimension, group, threshold, rates.Tpir, rates.Fpir));
            }
        return rows;
    }
}
