using LfrAudit.Testing;
using System.Text.Json.Nodes;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// EdgeFace-XS's weights are licensed for non-commercial use only: every command that would run it is refused in one
/// line naming the flag that accepts the terms; accepted, each run on it carries the terms in its run.started entry, and
/// the IAG's report counts such runs; a run on the default model carries nothing of the kind.
/// </summary>
public sealed class ModelLicenceTests : IDisposable
{
    private const string EdgeFace = "edgeface-xs-g06";
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static string Manifest => Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml");

    [Fact]
    public async Task A_non_commercial_model_runs_only_once_its_terms_are_accepted_and_the_log_and_report_say_so()
    {
        var db = _dir["store.db"];
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir.Path)).Exit);
        string[] Enrol(params string[] extra) => Lfr.WithModels(["watchlist", "enroll", "--manifest", Manifest, "--images-root", SharedData.DatasetsDir, "--db", db, .. extra]);

        var refused = await Lfr.Run(Enrol("--embedder", EdgeFace));
        Assert.True(refused.Exit == ExitCodes.BadInput, refused.ToString());
        var line = Assert.Single(refused.ErrorLines);
        Assert.Contains($"--accept-model-licence {EdgeFace}", line);
        Assert.Contains("CC-BY-NC-SA-4.0 (non-commercial use only)", line);
        Assert.False(File.Exists(db) && await HasRunEntries(db), "nothing was run");

        // Accepting another model's terms does not accept these.
        var wrongId = await Lfr.Run(Enrol("--embedder", EdgeFace, "--accept-model-licence", "sface-2021dec"));
        Assert.True(wrongId.Exit == ExitCodes.BadInput, wrongId.ToString());

        var enrolled = await Lfr.Run(Enrol("--embedder", EdgeFace, "--accept-model-licence", EdgeFace));
        Assert.True(enrolled.Exit == 0, enrolled.ToString());
        var clip = PrivacyScan.WriteCrowdOfStrangers(_dir["crowd.avi"]);
        var run = await Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", clip, "--db", db,
            "--embedder", EdgeFace, "--accept-model-licence", EdgeFace));
        Assert.True(run.Exit == 0, run.ToString());

        var onEdgeFace = Assert.Single(RunStartedEntries(db));
        Assert.StartsWith(EdgeFace + "@", onEdgeFace["model"]!.GetValue<string>());
        Assert.Equal("CC-BY-NC-SA-4.0 (non-commercial use only), accepted", onEdgeFace["model_licence"]!.GetValue<string>());

        // A run on the default model (its own store and watchlist): its entry is as it always was.
        var other = _dir["default.db"];
        Assert.Equal(0, (await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", Manifest, "--images-root", SharedData.DatasetsDir, "--db", other))).Exit);
        var standard = await Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", clip, "--db", other));
        Assert.True(standard.Exit == 0, standard.ToString());
        Assert.False(Assert.Single(RunStartedEntries(other)).ContainsKey("model_licence"));

        Assert.Equal(0, (await Lfr.Run("audit", "export", "--out", _dir["export"], "--db", db)).Exit);
        var report = await Lfr.Run("audit", "report", _dir["export"], "--out", _dir["report.html"], "--public-key", Path.Combine(_dir.Path, "audit-public-key.pem"));
        Assert.True(report.Exit == 0, report.ToString());
        var html = File.ReadAllText(_dir["report.html"]);
        Assert.Contains("Runs on a model not licensed for any use", html);
        Assert.Contains($"{EdgeFace}@", html);
        Assert.Contains("CC-BY-NC-SA-4.0 (non-commercial use only), accepted (1 runs)", html);
    }

    private static List<JsonObject> RunStartedEntries(string db)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var store = Storage.Sqlite.SqliteDatabase.Open(db, TimeProvider.System, StoreAccess.Read);
        return store.Audit.Entries().Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(e => e["type"]!.GetValue<string>() == "run.started").Select(e => e["data"]!.AsObject()).ToList();
    }

    private static Task<bool> HasRunEntries(string db) => Task.FromResult(RunStartedEntries(db).Count > 0);
}
