using LfrAudit.Testing;
using System.Text.Json;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr evaluate compare on real LFW images and both real models: one comparison of the same searches, each model's own
/// report beside it; a lone model, or a non-commercial one whose terms are not accepted, refused in one line.
/// </summary>
public sealed class ModelComparisonCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    // The first 60 LFW identities (120 images): enough searches for every figure to exist, quick enough for CI.
    private string Labels()
    {
        var lines = File.ReadLines(SharedData.Dataset("lfw", "labels.csv")).ToList();
        var path = _dir["labels.csv"];
        File.WriteAllLines(path, lines.Take(1).Concat(lines.Skip(1).Take(120)));
        return path;
    }

    [Fact]
    public async Task Two_models_are_compared_on_the_same_searches_with_each_models_report_beside()
    {
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "compare", "--labels", Labels(), "--root", SharedData.Dataset("lfw"), "--out", _dir["out"],
            "--embedder", "mobilefacenet-paddlex-128d", "--embedder", "edgeface-xs-g06", "--accept-model-licence", "edgeface-xs-g06", "--json"));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(r.Out).RootElement;
        var models = j.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["mobilefacenet-paddlex-128d", "edgeface-xs-g06"], models.Select(m => m.GetProperty("model").GetString()!.Split('@')[0]));
        Assert.All(models, m => Assert.Equal(2, m.GetProperty("points").GetArrayLength()));
        Assert.All(models, m => Assert.True(m.GetProperty("milliseconds_per_image").GetDouble() > 0));
        var mated = j.GetProperty("mated_searches").GetInt64();
        Assert.True(mated > 0);
        Assert.All(models.SelectMany(m => m.GetProperty("points").EnumerateArray()), p => Assert.Equal(mated, p.GetProperty("tpir").GetProperty("trials").GetInt64()));
        // 60 people give far fewer than 6,000 non-mated searches: the comparison says so rather than claim the figure.
        Assert.All(models, m => Assert.False(m.GetProperty("points")[1].GetProperty("resolvable").GetBoolean()));
        var differences = j.GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(2, differences.Count); // one pair, two targets
        Assert.All(differences, d => Assert.InRange(d.GetProperty("adjusted_p").GetDouble(), 0, 1));
        Assert.True(File.Exists(Path.Combine(_dir["out"], "comparison.csv")));
        Assert.Equal(2, Directory.GetFiles(_dir["out"], "report.html", SearchOption.AllDirectories).Length);
        // One page for the comparison: both DET curves on one figure, each model's report linked.
        var page = File.ReadAllText(Path.Combine(_dir["out"], "comparison.html"));
        // 60 people give few strangers: the DET may have no point on log axes, and then the page says so instead.
        Assert.Equal(File.Exists(Path.Combine(_dir["out"], "det-by-model.svg")), page.Contains("src=\"det-by-model.png\"", StringComparison.Ordinal));
        Assert.NotEqual(page.Contains("src=\"det-by-model.png\"", StringComparison.Ordinal), page.Contains("Not drawn: DET curves", StringComparison.Ordinal));
        // LFW's mated searches carry sex: the TPIR forest plot is drawn, SVG and numbers beside it.
        Assert.Contains("src=\"tpir-by-group.png\"", page);
        Assert.True(File.Exists(Path.Combine(_dir["out"], "tpir-by-group.svg")));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "href=\"[^\"]+/report.html\"").Count);
        Assert.Contains("Rates by group", page);
    }

    [Fact]
    public async Task One_model_or_unaccepted_terms_are_refused_in_one_line()
    {
        var lone = await Lfr.Run(Lfr.WithModels("evaluate", "compare", "--labels", Labels(), "--out", _dir["out1"], "--embedder", "mobilefacenet-paddlex-128d"));
        Assert.True(lone.Exit == ExitCodes.BadInput, lone.ToString());
        Assert.Contains("give two different models", Assert.Single(lone.ErrorLines));
        var terms = await Lfr.Run(Lfr.WithModels("evaluate", "compare", "--labels", Labels(), "--root", SharedData.Dataset("lfw"), "--out", _dir["out2"],
            "--embedder", "mobilefacenet-paddlex-128d", "--embedder", "edgeface-xs-g06"));
        Assert.True(terms.Exit == ExitCodes.BadInput, terms.ToString());
        Assert.Contains("--accept-model-licence edgeface-xs-g06", Assert.Single(terms.ErrorLines)); // refused before the first model ran
        Assert.False(Directory.Exists(_dir["out2"]));
    }
}
