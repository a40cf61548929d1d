using LfrAudit.Testing;
using System.Text.Json;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A folder of real clips with clip-level truth (YouTube Faces people, ../shared/datasets/ytf-dev), as testers are given
/// footage: every clip evaluated in one process, a line per clip as it is done, and the figures over all of them.
/// </summary>
public sealed class ClipFolderEvaluationTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static string Ytf(params string[] parts) => SharedData.Dataset(["ytf-dev", .. parts]);

    // Two watchlisted people (their LFW photos) among LFW strangers; a third person's clip is a stranger's.
    private static readonly string[] Watchlisted = ["Zhu_Rongji", "Zydrunas_Ilgauskas"];
    private static readonly string[] Distractors = ["Colin_Powell", "Serena_Williams", "Hugo_Chavez", "Tony_Blair"];

    private async Task<string> Enrolled()
    {
        var db = _dir["store.db"];
        var entries = Watchlisted.Select(p => (p, Directory.GetFiles(Ytf("photos", p), "*.jpg").Order(StringComparer.Ordinal).Take(3).Select(f => Path.GetRelativePath(SharedData.DatasetsDir, f))))
            .Concat(Distractors.Select(p => (p, (IEnumerable<string>)[$"lfw/images/{p}/{p}_0001.jpg"])));
        var yaml = "name: clips-test\nentries:\n" + string.Concat(entries.Select(e =>
            $"  - id: WL-{e.p.Replace('_', '-')}\n    category: wanted-serious-offence\n    source: test\n    authorised_by: Test (#1)\n    approved_at: -P1D\n    expires_at: P1Y\n    images: [{string.Join(", ", e.Item2)}]\n"));
        File.WriteAllText(_dir["watchlist.yaml"], yaml);
        File.WriteAllText(_dir["identities.json"], JsonSerializer.Serialize(Watchlisted.Concat(Distractors).ToDictionary(p => $"WL-{p.Replace('_', '-')}", p => $"lfw:{p}")));
        var enrol = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", _dir["watchlist.yaml"], "--images-root", SharedData.DatasetsDir, "--db", db));
        Assert.True(enrol.Exit == 0, enrol.ToString());
        return db;
    }

    [Fact]
    public async Task Every_clip_is_evaluated_in_one_run_and_the_figures_add_up_over_the_clips()
    {
        var db = await Enrolled();
        File.WriteAllText(_dir["clips.csv"], "clip,identity\nytf_Zhu_Rongji_1.mp4,lfw:Zhu_Rongji\nytf_Zydrunas_Ilgauskas_1.mp4,lfw:Zydrunas_Ilgauskas\nytf_Yossi_Beilin_2.mp4,lfw:Yossi_Beilin\n");
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", db, "--clip-truth", _dir["clips.csv"], "--clips", Ytf("clips"),
            "--watchlist", "clips-test", "--identities", _dir["identities.json"], "--json"));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(r.Out).RootElement;
        var clips = j.GetProperty("per_clip").EnumerateArray().ToList();
        Assert.Equal(["ytf_Zhu_Rongji_1.mp4", "ytf_Zydrunas_Ilgauskas_1.mp4", "ytf_Yossi_Beilin_2.mp4"], clips.Select(c => c.GetProperty("clip").GetString()));
        Assert.Equal([true, true, false], clips.Select(c => c.GetProperty("on_watchlist").GetBoolean()));
        Assert.Equal(clips.Sum(c => c.GetProperty("frames").GetInt64()), j.GetProperty("frames").GetInt64());
        var tpir = j.GetProperty("tpir_per_appearance");
        Assert.Equal(2, tpir.GetProperty("trials").GetInt64());
        Assert.Equal(clips.Count(c => c.GetProperty("alerted_right").GetBoolean()), tpir.GetProperty("successes").GetInt64());
        Assert.True(tpir.GetProperty("successes").GetInt64() >= 1, "real clips of watchlisted people: at least one found at the default threshold");
        // How near each clip came: a clip alerted right scored at least the threshold for its person; one missed, below it.
        double threshold = j.GetProperty("threshold").GetDouble();
        foreach (var c in clips.Where(c => c.GetProperty("on_watchlist").GetBoolean()))
        {
            bool scored = c.TryGetProperty("best_right_score", out var best); // left out when the right person never came top
            if (c.GetProperty("alerted_right").GetBoolean()) Assert.True(scored && best.GetDouble() >= threshold - 1e-4, c.ToString());
            else Assert.True(!scored || best.GetDouble() < threshold, c.ToString());
        }
        Assert.False(clips[2].TryGetProperty("best_right_score", out _)); // a stranger's clip has no right entry
        Assert.Equal(clips.Sum(c => c.GetProperty("false_alerts").GetInt64()), j.GetProperty("false_alerts").GetInt64());
        Assert.Equal(1, j.GetProperty("stranger_clips_alerted").GetProperty("trials").GetInt64());
        // One line per clip on stderr, in order, while the JSON stays one document on stdout.
        Assert.Equal(3, r.ErrorLines.Count(l => l.StartsWith("clip ", StringComparison.Ordinal)));

        // At threshold 0 every face alerts for someone: the stranger's clip alerts, and its wrong alert is counted.
        var loose = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", db, "--clip-truth", _dir["clips.csv"], "--clips", Ytf("clips"),
            "--watchlist", "clips-test", "--identities", _dir["identities.json"], "--json", "--threshold", "0"));
        var l = JsonDocument.Parse(loose.Out).RootElement;
        Assert.Equal(1, l.GetProperty("stranger_clips_alerted").GetProperty("successes").GetInt64());
        Assert.True(l.GetProperty("false_alerts").GetInt64() >= 1);
    }

    [Fact]
    public async Task A_video_and_a_folder_of_clips_at_once_or_neither_is_refused_in_one_line()
    {
        foreach (var args in new[] { new[] { "--video", "x.mp4", "--clip-truth", "clips.csv" }, Array.Empty<string>() })
        {
            var r = await Lfr.Run(Lfr.WithModels(["evaluate", "footage", "--db", _dir["none.db"], "--watchlist", "w", .. args]));
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.Contains("give either --video with --truth, or --clip-truth", Assert.Single(r.ErrorLines));
        }
    }
}
