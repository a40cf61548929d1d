using System.Xml.Linq;
using LfrAudit.Evaluation.Comparison;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// The comparison as a tester reads it: both DET curves on one pair of axes, rates by group with intervals as a forest
/// plot and as a table, which differences are significant, and no empty figure.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ComparisonReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lfr-comparison-");
    public void Dispose() => _dir.Delete(recursive: true);

    // 200 mated searches (half female) and 6,000 non-mated: six strangers at 0.75 (FPIR 1e-3 on their own), the rest at
    // most 0.35; a mated score rises with i.
    private static EvaluationRun Run(float matedLift) => new(
        [.. Enumerable.Range(0, 200).Select(i => new SearchOutcome($"m{i}", true, true, Math.Min(1f, 0.3f + i / 400f + matedLift),
                new Dictionary<string, string> { ["sex"] = i % 2 == 0 ? "female" : "male" })),
         .. Enumerable.Range(0, 6000).Select(i => new SearchOutcome($"s{i}", false, false, i < 6 ? 0.75f : 0.35f * (6000 - i) / 6000f,
                new Dictionary<string, string> { ["sex"] = i % 2 == 0 ? "female" : "male" }))],
        200, 0, 0, 0, 0, [], "hash", 6200);

    private (ModelComparison Comparison, IReadOnlyList<EvaluatedModel> Models) Compared()
    {
        IReadOnlyList<EvaluatedModel> models = [new("weak", "weak sha", Run(0f), 10), new("strong", "strong sha", Run(0.2f), 20)];
        return (ModelComparison.Build(models), models);
    }

    [Fact]
    public void Both_models_DET_curves_share_one_figure_and_the_forest_plots_give_every_group_of_each_model()
    {
        var (comparison, models) = Compared();
        var drawn = ComparisonPlots.Write(_dir.FullName, models, comparison);
        Assert.Equal([ComparisonPlots.Det, ComparisonPlots.TpirByGroup, ComparisonPlots.FpirByGroup], drawn);
        foreach (var png in drawn)
        {
            var stem = Path.Combine(_dir.FullName, Path.GetFileNameWithoutExtension(png));
            Assert.True(new FileInfo(stem + ".png").Length > 1000, png);
            XDocument.Load(stem + ".svg"); // well-formed SVG beside each PNG
        }
        var detSeries = File.ReadAllLines(Path.Combine(_dir.FullName, "det-by-model.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        Assert.Equal(["weak", "strong"], detSeries);
        // One point per model and group (all, female, male) in the TPIR forest plot, each a rate between 0 and 1.
        var tpir = File.ReadAllLines(Path.Combine(_dir.FullName, "tpir-by-group.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6, tpir.Count);
        Assert.All(tpir, row => Assert.InRange(double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), 0, 1));

        var rows = ComparisonPlots.Rows(models, comparison);
        Assert.Equal(["all", "female", "male"], rows.Where(r => r.Model == "strong").Select(r => r.Group));
        Assert.True(rows.Single(r => r.Model == "strong" && r.Group == "all").Tpir.Rate > rows.Single(r => r.Model == "weak" && r.Group == "all").Tpir.Rate);
    }

    [Fact]
    public void The_page_names_each_operating_point_the_significant_difference_and_links_every_figure_and_report()
    {
        var (comparison, models) = Compared();
        var drawn = ComparisonPlots.Write(_dir.FullName, models, comparison);
        var html = ComparisonHtml.Render(comparison, ComparisonPlots.Rows(models, comparison), drawn, [("weak", "weak/report.html"), ("strong", "strong/report.html")]);
        foreach (var figure in drawn)
        {
            Assert.Contains($"src=\"{figure}\"", html);
            Assert.Contains($"href=\"{Path.ChangeExtension(figure, ".svg")}\"", html);
        }
        Assert.Contains("href=\"strong/report.html\"", html);
        var significant = comparison.Differences.Where(d => d.Significant).ToList();
        Assert.NotEmpty(significant); // the strong model finds 40 more of 200 at the same false-alert rate
        Assert.Contains(": significant.", html);
        Assert.Contains("female", html);
        Assert.DoesNotContain("Not drawn", html);
    }

    [Fact]
    public void A_figure_with_nothing_to_draw_is_not_written_and_the_page_says_so()
    {
        // Every stranger scores zero and every mated search is found: no point of either curve sits on a log axis.
        static EvaluationRun Perfect() => new(
            [.. Enumerable.Range(0, 20).Select(i => new SearchOutcome($"m{i}", true, true, 0.9f, new Dictionary<string, string>())),
             .. Enumerable.Range(0, 50).Select(i => new SearchOutcome($"s{i}", false, false, 0f, new Dictionary<string, string>()))],
            20, 0, 0, 0, 0, [], "hash", 70);
        IReadOnlyList<EvaluatedModel> models = [new("a", "a", Perfect(), 1), new("b", "b", Perfect(), 1)];
        var comparison = ModelComparison.Build(models);
        var drawn = ComparisonPlots.Write(_dir.FullName, models, comparison);
        Assert.DoesNotContain(ComparisonPlots.Det, drawn);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "det-by-model.png")));
        var html = ComparisonHtml.Render(comparison, ComparisonPlots.Rows(models, comparison), drawn, []);
        Assert.Contains("Not drawn: DET curves", html);
    }
}
