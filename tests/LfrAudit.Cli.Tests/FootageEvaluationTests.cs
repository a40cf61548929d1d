using System.Text.Json;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>Footage evaluation on the demo's clip, written from labelled images with frame-exact truth.</summary>
[Collection(SeededCollection.Name)]
public class FootageEvaluationTests(SeededStore seeded)
{
    private string Demo(string file) => Path.Combine(Path.GetDirectoryName(seeded.Path)!, file);
    private static string Identities => Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-inputs.json");

    [Fact]
    public async Task The_counts_match_the_truth_exactly()
    {
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", seeded.Path, "--video", Demo("demo-clip.avi"), "--truth", Demo("demo-clip.truth.json"),
            "--watchlist", "demo-watchlist", "--identities", Identities, "--json"));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(r.Out).RootElement;
        // The clip: 10 people in 7 scenes; 3 of them are enrolled (the expired entry WL-0006 was refused at
        // enrolment, so that person is not on the watchlist); each passes once.
        Assert.Equal(140, j.GetProperty("frames").GetInt64());
        Assert.Equal(10, j.GetProperty("appearances").GetInt32());
        Assert.Equal(10, j.GetProperty("detected").GetInt64());
        Assert.Equal(3, j.GetProperty("on_watchlist").GetInt64());
        Assert.Equal(3, j.GetProperty("alerted_right").GetInt64());
        Assert.Equal(0, j.GetProperty("false_alerts").GetInt64());
        var ariel = j.GetProperty("per_appearance").EnumerateArray().Single(a => a.GetProperty("identity").GetString() == "lfw:Ariel_Sharon");
        Assert.False(ariel.GetProperty("on_watchlist").GetBoolean());
        Assert.False(ariel.GetProperty("right_alert").GetBoolean());
        Assert.Equal(20, ariel.GetProperty("frames_with_face").GetInt32()); // seen in every frame of the scene, counted once

        // At threshold 0 every face alerts for someone: each person not on the watchlist is now a false alert,
        // once per wrong candidate, however many frames they stand in.
        var loose = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", seeded.Path, "--video", Demo("demo-clip.avi"), "--truth", Demo("demo-clip.truth.json"),
            "--watchlist", "demo-watchlist", "--identities", Identities, "--json", "--threshold", "0"));
        var l = JsonDocument.Parse(loose.Out).RootElement;
        Assert.True(l.GetProperty("false_alerts").GetInt64() >= 7);
    }

    [Fact]
    public async Task The_same_clip_with_its_truth_as_MOTChallenge_tracks_gives_the_same_figures()
    {
        // The demo's truth rewritten as an annotation tool would give it: one MOT track per person, a box per frame.
        using var dir = new TempDir();
        var demo = JsonDocument.Parse(File.ReadAllText(Demo("demo-clip.truth.json"))).RootElement.GetProperty("Appearances").EnumerateArray().ToList();
        var lines = new List<string>();
        var names = new Dictionary<string, string>();
        for (int id = 1; id <= demo.Count; id++)
        {
            var a = demo[id - 1];
            names[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = a.GetProperty("Identity").GetString()!;
            int drift = a.TryGetProperty("DriftXPerFrame", out var d) ? d.GetInt32() : 0, first = a.GetProperty("FirstFrame").GetInt32();
            for (int f = first; f <= a.GetProperty("LastFrame").GetInt32(); f++)
                lines.Add(string.Join(',', f + 1, id, a.GetProperty("X").GetInt32() + drift * (f - first), a.GetProperty("Y").GetInt32(),
                    a.GetProperty("Width").GetInt32(), a.GetProperty("Height").GetInt32(), 1, 1, 1.0));
        }
        File.WriteAllLines(dir["gt.txt"], lines);
        File.WriteAllText(dir["tracks.json"], JsonSerializer.Serialize(names));

        var r = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", seeded.Path, "--video", Demo("demo-clip.avi"), "--truth", dir["gt.txt"],
            "--track-identities", dir["tracks.json"], "--watchlist", "demo-watchlist", "--identities", Identities, "--json"));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal((10, 10L, 3L, 3L, 0L), (j.GetProperty("appearances").GetInt32(), j.GetProperty("detected").GetInt64(), j.GetProperty("on_watchlist").GetInt64(),
            j.GetProperty("alerted_right").GetInt64(), j.GetProperty("false_alerts").GetInt64()));
    }

    [Fact]
    public async Task A_malformed_truth_file_is_one_clear_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["truth.json"], "{\"fps\": 10, \"appearances\": [{\"identity\": \"x\", \"firstFrame\": 5, \"lastFrame\": 2, \"width\": 10, \"height\": 10}]}");
        var r = await Lfr.Run(Lfr.WithModels("evaluate", "footage", "--db", seeded.Path, "--video", Demo("demo-clip.avi"), "--truth", dir["truth.json"],
            "--watchlist", "demo-watchlist", "--identities", Identities));
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains("truth.json: appearance of 'x' is not valid", r.Error);
    }
}
