using LfrAudit.Evaluation.Reports;
using LfrAudit.Pages;

namespace LfrAudit.Evaluation.Comparison;

/// <summary>The model comparison as one page (<see cref="ComparisonPage"/>).</summary>
public static class ComparisonHtml
{
    /// <summary>The page for <paramref name="comparison"/>, with the figures drawn and each model's own report linked.</summary>
    public static string Render(ModelComparison comparison, IReadOnlyList<GroupRates> groups, IReadOnlyList<string> drawn,
        IReadOnlyList<(string Model, string Href)> reports) =>
        PageRenderer.Render<ComparisonPage>(new Dictionary<string, object?>
        {
            [nameof(ComparisonPage.Comparison)] = comparison,
            [nameof(ComparisonPage.Groups)] = groups,
            [nameof(ComparisonPage.Drawn)] = drawn,
            [nameof(ComparisonPage.Reports)] = reports,
        });
}
