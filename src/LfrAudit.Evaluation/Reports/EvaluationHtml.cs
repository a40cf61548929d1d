using LfrAudit.Pages;

namespace LfrAudit.Evaluation.Reports;

/// <summary>The evaluation report for people, as one page (<see cref="EvaluationPage"/>).</summary>
public static class EvaluationHtml
{
    /// <summary>The report's page at <paramref name="threshold"/>, showing the figures in <paramref name="drawn"/>.</summary>
    public static string Render(EvaluationReport r, double threshold, IReadOnlyList<string> drawn) =>
        PageRenderer.Render<EvaluationPage>(new Dictionary<string, object?>
        {
            [nameof(EvaluationPage.Report)] = r,
            [nameof(EvaluationPage.Threshold)] = threshold,
            [nameof(EvaluationPage.Drawn)] = drawn,
        });
}
