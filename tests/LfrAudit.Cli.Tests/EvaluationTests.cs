using LfrAudit.Testing;
using System.Text.Json;

namespace LfrAudit.Cli.Tests;

/// <summary>lfr evaluate images on the whole of ../shared/datasets with the real models.</summary>
public class EvaluationTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_shared_datasets_evaluate_to_a_complete_report_at_the_measured_accuracy()
    {
        using var dir = new TempDir();
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "images", "--labels", SharedData.Dataset("lfw", "labels.csv"),
            "--crowd", SharedData.Dataset("fairface", "labels.csv"), "--crowd", SharedData.Dataset("utkface", "labels.csv"),
            "--out", dir["report"], "--cache", dir["cache"]));
        Assert.True(r.Exit == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(dir["report/report.json"]));
        var root = report.RootElement;
        var counts = root.GetProperty("counts");
        long mated = counts.GetProperty("mated_searches").GetInt64(), nonMated = counts.GetProperty("non_mated_searches").GetInt64();
        // 1,680 LFW identities: 840 enrolled (1 image each) give 840 mated searches; 840 held out give 1,680
        // non-mated; FairFace and UTKFace add 3,770 — every image but the enrolled ones is searched once.
        Assert.Equal(840, mated);
        Assert.Equal(1680 + 3770, nonMated);
        Assert.Equal(3360 + 3770, counts.GetProperty("images_read").GetInt64());
        Assert.Equal(mated + nonMated + counts.GetProperty("enrolled_identities").GetInt64(), counts.GetProperty("images_read").GetInt64());

        var figures = root.GetProperty("figures").EnumerateArray().ToList();
        Assert.All(figures.Where(f => f.GetProperty("rate").ValueKind == JsonValueKind.Number), f => Assert.InRange(f.GetProperty("rate").GetDouble(), 0, 1));
        var tpir = figures.Single(f => f.GetProperty("metric").GetString() == "TPIR" && f.GetProperty("dimension").GetString() == "all" && f.GetProperty("threshold").GetDouble() == 0.5);
        // Measured 2026-11-23: TPIR 761/840 = 90.60 % at 0.50 (seed 1). A regression in detection, alignment or
        // preprocessing falls below it.
        Assert.True(tpir.GetProperty("successes").GetInt64() >= 761, $"TPIR {tpir.GetProperty("successes")}/840 fell below the measured 761/840");
        Assert.Contains(root.GetProperty("supported").EnumerateArray(), s => s.GetString()!.StartsWith("TPIR by ethnicity: NOT supported"));
        Assert.Contains(root.GetProperty("supported").EnumerateArray(), s => s.GetString()!.StartsWith("FPIR by ethnicity: supported"));
        Assert.NotEmpty(root.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(64, root.GetProperty("provenance").GetProperty("dataset_sha256").GetString()!.Length);
        Assert.StartsWith("metric,dimension,group,threshold", File.ReadAllText(dir["report/report.csv"]));
        var html = File.ReadAllText(dir["report/report.html"]);
        Assert.Contains("What this data can and cannot show", html);
        Assert.Contains("no statistically significant difference in TPIR between female and male", html);
        foreach (var png in new[] { "det-by-sex.png", "scores-by-sex.png", "rates-vs-threshold.png", "tpir-by-group.png" })
        {
            Assert.Contains($"src=\"{png}\"", html);
            var bytes = File.ReadAllBytes(dir[$"report/{png}"]);
            Assert.True(bytes.Length > 10_000 && bytes[0] == 0x89 && bytes[1] == (byte)'P', $"{png} is a real PNG");
            // Beside each figure: the same as SVG, and the numbers it draws as CSV (series, x, y).
            var svg = System.Xml.Linq.XDocument.Load(dir[$"report/{Path.ChangeExtension(png, ".svg")}"]).Root!;
            Assert.True(svg.Name.LocalName == "svg" && svg.Descendants().Count() > 50, $"{png}: an SVG drawing beside it");
            var numbers = File.ReadAllLines(dir[$"report/{Path.ChangeExtension(png, ".csv")}"]);
            // A curve has many points; a forest plot one per group drawn (all searches, then each sex here).
            Assert.True(numbers[0] == "series,x,y" && numbers.Length > (png == "tpir-by-group.png" ? 3 : 10), $"{png}: its numbers beside it");
        }

        // The second run reads every embedding from the cache; with --json its standard output is the report, nothing else.
        var again = await Lfr.Run(Lfr.WithModels("evaluate", "images", "--labels", SharedData.Dataset("lfw", "labels.csv"), "--out", dir["report-2"], "--cache", dir["cache"], "--json"));
        Assert.True(again.Exit == 0, again.ToString());
        using var printed = JsonDocument.Parse(again.Out);
        Assert.Equal(File.ReadAllText(dir["report-2/report.json"]).Trim(), again.Out.Trim());
    }

    [Fact]
    public async Task A_labels_file_with_unknown_paths_is_one_clear_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["labels.csv"], "path,identity\nnowhere/a.jpg,A\nnowhere/b.jpg,A\n");
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "images", "--labels", dir["labels.csv"]));
        Assert.Equal(LfrAudit.Cli.Output.ExitCodes.BadInput, r.Exit);
        Assert.Contains("none of its 2 paths exists", r.Error);
    }

    [Fact]
    public async Task A_report_folder_that_cannot_be_made_is_refused_before_any_image_is_embedded()
    {
        using var dir = new TempDir();
        var face = SharedData.Dataset("lfw", "labels.csv");
        File.WriteAllText(dir["labels.csv"], string.Join('\n', File.ReadLines(face).Take(3)) + "\n");
        File.WriteAllText(dir["taken"], "a file where the report folder would go");
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "images", "--labels", dir["labels.csv"], "--root", Path.GetDirectoryName(face)!,
            "--out", dir["taken"], "--cache", dir["cache"]));
        Assert.Equal(LfrAudit.Cli.Output.ExitCodes.BadInput, r.Exit);
        var line = Assert.Single(r.ErrorLines);
        Assert.Contains("report folder", line);
        Assert.False(Directory.Exists(dir["cache"]) && Directory.EnumerateFileSystemEntries(dir["cache"]).Any(), "images were embedded first");
    }
}
