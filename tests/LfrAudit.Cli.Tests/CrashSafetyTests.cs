using System.Diagnostics;
using LfrAudit.Vision.Tests;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>A run killed with SIGKILL part-way keeps every alert it had recorded, and the store stays sound.</summary>
public class CrashSafetyTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_a_run_mid_way_loses_nothing_already_recorded()
    {
        using var dir = new TempDir();
        var db = dir["store.db"];
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir.Path)).Exit); // heads are signed beside the store
        var enrol = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir, "--db", db));
        Assert.True(enrol.Exit == 0, enrol.ToString());

        // A folder read as frames one second apart: five enrolled people and six strangers in turn, so each
        // enrolled person comes round every 11 s (past the 10 s repeat window) and alerts again.
        var folder = Directory.CreateDirectory(dir["frames"]).FullName;
        string[] people = ["Colin_Powell", "Tony_Blair", "Serena_Williams", "Kofi_Annan", "Hugo_Chavez", "Vladimir_Putin",
                           "Laura_Bush", "Gerhard_Schroeder", "Jacques_Chirac", "Jennifer_Aniston", "Arnold_Schwarzenegger"];
        for (int i = 0; i < 800; i++)
        {
            var n = people[i % people.Length];
            File.CreateSymbolicLink(Path.Combine(folder, $"{i:D5}.jpg"), SharedData.Dataset("lfw", "images", n, $"{n}_0002.jpg"));
        }

        long seenBeforeKill = 0;
        var random = new Random(Environment.TickCount); // a different kill point every run
        const int kills = 3;
        for (int kill = 0; kill < kills; kill++)
        {
            using var p = Process.Start(Lfr.Process(null, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", folder, "--db", db)))!;
            long target = seenBeforeKill + random.Next(1, 6);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            long now = seenBeforeKill;
            while (!p.HasExited && DateTime.UtcNow < deadline && (now = Alerts(db)) < target) await Task.Delay(50);
            Assert.False(p.HasExited, $"the run finished before it could be killed ({now} alerts)");
            seenBeforeKill = Alerts(db);
            p.Kill(entireProcessTree: true); // SIGKILL
            await p.WaitForExitAsync();
            Assert.True(seenBeforeKill >= target);

            Assert.Equal("ok", Query(db, "PRAGMA integrity_check"));
            Assert.True(Alerts(db) >= seenBeforeKill, "an alert acknowledged before the kill is missing");
            seenBeforeKill = Alerts(db);

            // The audit log verifies after the kill, and holds an entry for every alert acknowledged before it.
            var export = dir[$"export-{kill}"];
            var exported = await Lfr.Run("audit", "export", "--out", export, "--db", db);
            Assert.True(exported.Exit == 0, exported.ToString());
            var verified = await Lfr.Run("audit", "verify", export);
            Assert.True(verified.Exit == 0, verified.ToString());
            var raised = File.ReadLines(Path.Combine(export, "entries.jsonl")).Count(l => l.Contains("\"type\":\"alert.raised\""));
            Assert.Equal(seenBeforeKill, raised);
        }

        // The killed runs are visible as unfinished, and the store keeps working.
        Assert.Equal($"{kills}", Query(db, "SELECT COUNT(*) FROM runs WHERE ended_at IS NULL"));
        var list = await Lfr.Run("alerts", "list", "--json", "--db", db);
        Assert.Equal(0, list.Exit);
        Assert.Equal(seenBeforeKill, System.Text.Json.JsonDocument.Parse(list.Out).RootElement.GetArrayLength());
    }

    private static long Alerts(string db) => File.Exists(db) ? long.Parse(Query(db, "SELECT COUNT(*) FROM alerts")) : 0;

    private static string Query(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
