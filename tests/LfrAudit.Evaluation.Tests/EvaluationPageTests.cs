using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>The evaluation report's page: every rate at the threshold with its count and intervals, the verdicts, the plots and the provenance.</summary>
[Trait("Category", "Unit")]
public sealed class EvaluationPageTests
{
    private static EvaluationReport Report()
    {
        var searches = Enumerable.Range(0, 80).Select(i => new SearchOutcome($"p{i % 20}", i % 4 != 0, i % 5 != 0, (i % 10) / 10f,
            new Dictionary<string, string> { ["sex"] = i % 2 == 0 ? "female" : "male", ["ethnicity"] = "Black", ["age_band"] = "20-29" })).ToList();
        var run = new EvaluationRun(searches, 10, 5, 0, 0, 0, ["images/x.jpg: not a readable image"], "hash", 60);
        return EvaluationReport.Build(run, new EvaluationSettings(), new Dictionary<string, string> { ["labels"] = "/data/labels.csv", ["model"] = "edgeface" });
    }

    [Fact]
    public void Every_rate_at_the_threshold_every_verdict_the_plots_and_the_provenance_are_on_the_page()
    {
        var report = Report();
        var threshold = report.Figures[0].Threshold;
        string[] figures = [EvaluationPlots.Det, EvaluationPlots.Scores, EvaluationPlots.Rates, EvaluationPlots.TpirByGroup, EvaluationPlots.FpirByGroup];
        var html = EvaluationHtml.Render(report, threshold, figures);
        var text = WebUtility.HtmlDecode(html);
        var rows = Regex.Matches(html, "<tr><th scope=\"row\">(TPIR|FPIR|FNIR)</th>").Count;
        Assert.Equal(report.Figures.Count(f => Math.Abs(f.Threshold - threshold) < 1e-9 && f.Metric != "FNIR"), rows);
        foreach (var f in report.Figures.Where(f => Math.Abs(f.Threshold - threshold) < 1e-9 && f.Metric != "FNIR"))
            Assert.Contains($"<td>{f.Successes}/{f.Trials}</td>", html);
        foreach (var c in report.Comparisons.Where(c => !c.Dimension.Contains('×')))
            Assert.Contains(c.Verdict, text);
        foreach (var s in report.Supported.Where(s => !s.Contains('×')))
            Assert.Contains(s, text);
        foreach (var png in figures)
        {
            Assert.Matches($"<img src=\"{Regex.Escape(png)}\" alt=\"[^\"]+\" width=\"800\"", html);
            Assert.Contains($"href=\"{Path.ChangeExtension(png, ".svg")}\"", html);
        }
        Assert.DoesNotContain("Not drawn", html);
        // A figure with nothing to draw is named, never shown as a broken image.
        var fewer = EvaluationHtml.Render(report, threshold, [EvaluationPlots.Det]);
        Assert.DoesNotContain($"src=\"{EvaluationPlots.FpirByGroup}\"", fewer);
        Assert.Contains("Not drawn: FPIR by group", fewer);
        Assert.Contains("<dt>labels</dt><dd>/data/labels.csv</dd>", html);
        Assert.Contains("<dt>model</dt><dd>edgeface</dd>", html);
        Assert.Contains("<a href=\"report.json\">report.json</a>", html);
        Assert.Contains("<a href=\"report.csv\">report.csv</a>", html);
        Assert.Contains("1 images could not be read; the first: images/x.jpg: not a readable image", html);
        Assert.Contains($"At threshold {threshold.ToString("0.###", CultureInfo.InvariantCulture)}: 60 mated", html);
    }
}
