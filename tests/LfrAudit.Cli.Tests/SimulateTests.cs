using LfrAudit.Testing;
using System.Diagnostics;
using System.Text.Json;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr simulate: six deployments end to end from one command on the embedded defaults (short footage, small
/// watchlists, so it takes about a minute), then the same programme killed with SIGKILL part-way and resumed.
/// Several whole programmes saturate both cores: they run apart from the tests that time things. Not in the dated pass
/// (Category=Dates): a programme runs on its own simulation clock from its scenario's dates, and reads the machine's
/// clock for nothing (the store is opened on it only to find where a killed programme stopped), so under another
/// machine date it repeats this pass's 100 s to the same figures.
/// </summary>
[Collection("timing")]
public sealed class SimulateTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, string> Env = new() { ["LFR_DATASETS_DIR"] = SharedData.DatasetsDir };

    private string Scenario()
    {
        File.WriteAllText(_dir["six.yaml"], """
            name: Six deployments (test)
            seed: 12
            footage: {width: 960, height: 540, fps: 10, minutes: 0.2}
            operators: {error_rate: 0.25}
            retention_days: 31
            locations:
              street: {name: Test Street, town: Testham, scene: videos/intel-sample-videos_one-by-one-person-detection.mp4}
              arcade: {name: Test Arcade, town: Testham, scene: videos/facenet-pytorch_video.mp4}
            defaults: {footfall_per_minute: 60, watchlist_size: 60, watchlisted_per_100: 20, threshold: 0.45,
                       watchlist_mix: {wanted-serious-offence: 0.5, missing-person: 0.5}}
            deployments:
              - {date: 2027-05-04, location: street}
              - {date: 2027-05-06, location: arcade, cameras: 2}
              - {date: 2027-05-11, location: street, threshold: 0.55}
              - {date: 2027-05-13, location: arcade, watchlist_size: 120}
              - {date: 2027-05-18, location: street, mix: {ethnicity: {Black: 1, White: 1}}}
              - {date: 2027-05-20, location: arcade, footfall_per_minute: 30}
            """);
        return _dir["six.yaml"];
    }

    private static JsonElement Report(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report", "programme-report.json"))).RootElement;

    /// <summary>
    /// Every run's start and end lie within the span of the programme's simulated log (never on the real clock), and every
    /// alert's frame time within its run: the clips are read far faster than they play.
    /// </summary>
    private static void RunsLieOnTheProgrammesClock(string store)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=false");
        db.Open();
        List<string[]> Rows(string sql, int columns)
        {
            using var c = db.CreateCommand();
            c.CommandText = sql;
            using var r = c.ExecuteReader();
            var rows = new List<string[]>();
            while (r.Read()) rows.Add(Enumerable.Range(0, columns).Select(i => r.IsDBNull(i) ? "" : r.GetValue(i).ToString()!).ToArray());
            return rows;
        }
        static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var entries = Rows("SELECT canonical FROM audit_entries", 1).Select(r => JsonDocument.Parse(r[0]).RootElement).ToList();
        Assert.All(entries, e => Assert.Equal("simulation", e.GetProperty("clock").GetString()));
        var (first, last) = (entries.Min(e => T(e.GetProperty("at").GetString()!)), entries.Max(e => T(e.GetProperty("at").GetString()!)));
        var runs = Rows("SELECT run_id, started_at, ended_at FROM runs", 3);
        Assert.NotEmpty(runs);
        foreach (var run in runs)
            Assert.True(T(run[1]) >= first && T(run[2]) >= T(run[1]) && T(run[2]) <= last, $"run {run[0]}: {run[1]} to {run[2]}, log {first:O} to {last:O}");
        var alerts = Rows("SELECT a.alert_id, a.captured_at, r.started_at, r.ended_at FROM alerts a JOIN runs r ON r.run_id = a.run_id", 4);
        Assert.NotEmpty(alerts);
        foreach (var a in alerts)
            Assert.True(T(a[1]) >= T(a[2]) && T(a[1]) <= T(a[3]), $"alert {a[0]} captured {a[1]}, its run {a[2]} to {a[3]}");
    }

    [Fact]
    public async Task Six_deployments_run_end_to_end_against_the_truth_and_a_programme_killed_part_way_resumes_to_the_same_figures()
    {
        var scenario = Scenario();
        var whole = _dir["whole"];
        var r = await Lfr.RunProcess(Env, Lfr.WithModels("simulate", scenario, "--out", whole));
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("audit log:", r.Out);
        Assert.Contains("verified", r.Out);
        // Each deployment going live says which of how many; from the second on, about how long the rest will take.
        Assert.Contains(": live with 1 camera", r.Out);
        Assert.Matches(@"live with [^\n]*\(deployment 1 of 6\)", r.Out);
        Assert.Matches(@"live with [^\n]*\(deployment 6 of 6; about \d+ (s|min) left\)", r.Out);
        // The check it suggests runs as printed: a trust option with the store's own public key.
        var hint = System.Text.RegularExpressions.Regex.Match(r.Out, @"check it: lfr (audit verify [^)]+)\)").Groups[1].Value.Split(' ');
        Assert.Contains("--public-key", hint);
        var check = await Lfr.Run(hint);
        Assert.True(check.Exit == 0, check.ToString());

        var report = Report(whole);
        var deployments = report.GetProperty("deployments").EnumerateArray().ToList();
        Assert.Equal(6, deployments.Count);
        foreach (var d in deployments)
        {
            var id = d.GetProperty("id").GetString()!;
            // Every passer the truth has walked past a camera; alerts split into true and false add up; the rules were kept.
            var truthPassers = Directory.GetFiles(Path.Combine(whole, "deployments", id), "*.truth.json")
                .Sum(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("appearances").GetArrayLength());
            Assert.Equal(truthPassers, d.GetProperty("passers").GetInt32());
            Assert.Equal(d.GetProperty("alerts").GetInt32(), d.GetProperty("true_alerts").GetInt32() + d.GetProperty("false_alerts").GetInt32());
            Assert.Equal(d.GetProperty("alerts").GetInt32(), new[] { "confirmed_rightly", "confirmed_wrongly", "rejected_rightly", "rejected_wrongly" }.Sum(k => d.GetProperty(k).GetInt32()));
            Assert.True(d.GetProperty("notice_on_time").GetBoolean() && d.GetProperty("outcome_on_time").GetBoolean(), id);
            Assert.True(File.Exists(Path.Combine(whole, "site", "deployments", id, "notice.html")) && File.Exists(Path.Combine(whole, "site", "deployments", id, "outcome.html")), id);
        }
        Assert.True(deployments.Sum(d => d.GetProperty("true_alerts").GetInt32()) > 0, "watchlisted people at 20 in 100 and threshold 0.45: some must be found");
        Assert.True(deployments.Sum(d => d.GetProperty("confirmed_wrongly").GetInt32() + d.GetProperty("rejected_wrongly").GetInt32()) > 0 || deployments.Sum(d => d.GetProperty("alerts").GetInt32()) < 4,
            "operators wrong a quarter of the time must err somewhere");
        // Retention ran to the close: no confirmed match's evidence outlives the programme.
        Assert.Equal(0, report.GetProperty("evidence_still_held").GetInt32());
        var trial = report.GetProperty("field_trial");
        Assert.True(trial.GetProperty("appearances").GetInt32() == deployments.Sum(d => d.GetProperty("passers").GetInt32()));
        Assert.False(string.IsNullOrEmpty(trial.GetProperty("overall").GetProperty("statement").GetString()));
        // A figure is drawn, linked and written, or (a group chart with no group of enough searches) says it was not drawn.
        var html = File.ReadAllText(Path.Combine(whole, "report", "programme-report.html"));
        var drawn = report.GetProperty("plots").EnumerateArray().Select(p => p.GetString()).ToHashSet();
        Assert.Contains("field-trial-rates.png", drawn);
        string[] figures = ["field-trial-rates.png", "field-trial-det.png", "field-trial-fpir-by-group.png", "field-trial-tpir-by-group.png"];
        foreach (var png in figures)
        {
            var file = new FileInfo(Path.Combine(whole, "report", png));
            if (drawn.Contains(png))
                Assert.True(file.Exists && file.Length > 10_000 && html.Contains($"src=\"{png}\"", StringComparison.Ordinal), png);
            else
                Assert.False(file.Exists || html.Contains($"src=\"{png}\"", StringComparison.Ordinal), $"{png}: not drawn, so neither written nor shown");
        }
        Assert.Equal(figures.Length - drawn.Count, html.Split("<p>Not drawn: ").Length - 1);
        Assert.Contains("<caption>Each deployment against its truth</caption>", html);

        // The IAG verifies the export with the public key beside the store, trusting nothing else.
        var verify = await Lfr.Run("audit", "verify", Path.Combine(whole, "audit-export"), "--public-key", Path.Combine(whole, "audit-public-key.pem"));
        Assert.True(verify.Exit == 0, verify.ToString());
        RunsLieOnTheProgrammesClock(Path.Combine(whole, "programme.db"));

        // The same programme, killed with SIGKILL once it is well under way, then resumed.
        var killed = _dir["killed"];
        using (var p = Process.Start(Lfr.Process(Env, Lfr.WithModels("simulate", scenario, "--out", killed)))!)
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var state = Path.Combine(killed, "simulation-state.json");
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(state) && File.ReadAllText(state).Contains("live:SIM-20270506", StringComparison.Ordinal)) && !p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(4))
                await Task.Delay(100);
            await Task.Delay(1500); // into the next steps: a camera filming or a run recording
            Assert.False(p.HasExited, "the programme ended before it could be killed");
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        var resumed = await Lfr.RunProcess(Env, Lfr.WithModels("simulate", scenario, "--out", killed));
        Assert.True(resumed.Exit == 0, resumed.ToString());
        Assert.Contains("resuming:", resumed.Out);
        Assert.Contains("verified", resumed.Out);
        var again = Report(killed).GetProperty("deployments").EnumerateArray().ToList();
        for (int i = 0; i < deployments.Count; i++)
        {
            Assert.Equal(deployments[i].GetProperty("passers").GetInt32(), again[i].GetProperty("passers").GetInt32());
            Assert.Equal(deployments[i].GetProperty("watchlisted_passers").GetInt32(), again[i].GetProperty("watchlisted_passers").GetInt32());
            // A run the kill interrupted stays in the record, but the camera's rerun over the same footage is what counts:
            // the same people, alerts, decisions and arrests as the programme that was never killed, none counted twice.
            foreach (var figure in new[] { "faces_seen", "alerts", "true_alerts", "false_alerts", "arrests", "confirmed_rightly", "confirmed_wrongly", "rejected_rightly", "rejected_wrongly" })
                Assert.True(deployments[i].GetProperty(figure).GetInt64() == again[i].GetProperty(figure).GetInt64(),
                    $"{deployments[i].GetProperty("id").GetString()}: {figure} {deployments[i].GetProperty(figure)} whole, {again[i].GetProperty(figure)} killed and resumed");
        }
        Assert.Equal(trial.GetProperty("sweep").GetRawText(), Report(killed).GetProperty("field_trial").GetProperty("sweep").GetRawText());
        // A run the kill left open is closed on the programme's own clock, where its record ends: never at 1970 or any time
        // before it started, in the store or in the entry the IAG verifies.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(killed, "programme.db")};Mode=ReadOnly;Pooling=false"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "SELECT COUNT(*) FROM runs WHERE ended_at IS NULL OR ended_at < started_at";
            Assert.Equal(0L, (long)c.ExecuteScalar()!);
        }
        Assert.DoesNotContain(File.ReadLines(Path.Combine(killed, "audit-export", "entries.jsonl")), l => l.Contains("\"1970-", StringComparison.Ordinal));
        RunsLieOnTheProgrammesClock(Path.Combine(killed, "programme.db"));

        // Run again when all is done: nothing is redone, the record is rebuilt from the store, and tools get JSON.
        var summary = await Lfr.RunProcess(Env, Lfr.WithModels("simulate", scenario, "--out", killed, "--json"));
        Assert.True(summary.Exit == 0, summary.ToString());
        var json = JsonDocument.Parse(summary.Out).RootElement;
        Assert.Equal(6, json.GetProperty("deployments").GetInt32());
        Assert.True(json.GetProperty("audit_verified").GetBoolean());
        Assert.True(json.GetProperty("steps_resumed").GetInt32() >= 6 * 4 + 2);
        Assert.Equal(again.Sum(d => d.GetProperty("alerts").GetInt32()), json.GetProperty("alerts").GetInt32());
    }

    [Theory]
    [InlineData("name: x\nlocations: {a: {scene: v.mp4}}\ndeployments:\n  - {date: 2027-13-01, location: a}\n", "date")]
    [InlineData("name: x\nlocations: {a: {scene: v.mp4}}\ndeployments:\n  - {date: 2027-01-01, location: b}\n", "'b' is not one of the locations")]
    [InlineData("name: x\nlocations: {a: {scene: v.mp4}}\ndefaults: {threshold: 1.5}\ndeployments:\n  - {date: 2027-01-01, location: a}\n", "threshold")]
    [InlineData("name: [x\n", "not valid YAML")]
    public async Task A_bad_scenario_is_one_line_naming_the_file_and_what_is_wrong_and_nothing_is_written(string yaml, string expected)
    {
        File.WriteAllText(_dir["bad.yaml"], yaml);
        var r = await Lfr.Run(Lfr.WithModels("simulate", _dir["bad.yaml"], "--out", _dir["out"]));
        Assert.Equal(3, r.Exit);
        var line = Assert.Single(r.Error.Trim().Split('\n'));
        Assert.Contains("bad.yaml", line);
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(_dir["out"]));
    }
}
