using LfrAudit.Testing;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Runs of a live deployment killed with SIGKILL at random points: every acknowledged alert is kept, the log
/// verifies, each killed run is closed as interrupted with the counts it had committed, retention applies to
/// its alerts, and the outcome report counts its faces and says runs were interrupted.
/// </summary>
[Trait("Category", "Dates")]
public class CrashSafetyTests
{
    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killed_runs_lose_nothing_recorded_and_are_closed_as_interrupted_with_their_counts()
    {
        using var dir = new TempDir();
        var db = dir["store.db"];
        async Task<LfrResult> Ok(DateTimeOffset? now, params string[] args)
        {
            var r = await Lfr.Run([.. args, "--db", db, .. (now is { } t ? new[] { "--now", Iso(t) } : [])]);
            Assert.True(r.Exit == 0, r.ToString());
            return r;
        }
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir.Path)).Exit); // heads are signed beside the store
        await Ok(null, Lfr.WithModels("watchlist", "enroll", "--manifest", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir));
        TestUsers.In(db);
        var planned = TestTimeline.RealNow.AddDays(1);
        var start = planned.AddDays(8);
        await Ok(planned, "deployment", "plan", "--id", "CRASH-1", "--by", TestUsers.Supervisor, "--location", "Kill Street", "--area", "Testham", "--start", Iso(start), "--end", Iso(start.AddHours(8)),
            "--purpose", "crash test", "--officer", "A", "--rank", "Superintendent", "--camera", "van-1", "--watchlist", "demo-watchlist");
        await Ok(planned, "deployment", "publish-notice", "CRASH-1", "--by", TestUsers.Supervisor);
        await Ok(start, "deployment", "start", "CRASH-1", "--by", TestUsers.Supervisor);

        // A folder read as frames one second apart: five enrolled people and six strangers in turn, so each
        // enrolled person comes round every 11 s (past the 10 s repeat window) and alerts again.
        var folder = Directory.CreateDirectory(dir["frames"]).FullName;
        string[] people = ["Colin_Powell", "Tony_Blair", "Serena_Williams", "Kofi_Annan", "Hugo_Chavez", "Vladimir_Putin",
                           "Laura_Bush", "Gerhard_Schroeder", "Jacques_Chirac", "Jennifer_Aniston", "Arnold_Schwarzenegger"];
        for (int i = 0; i < 3000; i++)
        {
            var n = people[i % people.Length];
            File.CreateSymbolicLink(Path.Combine(folder, $"{i:D5}.jpg"), SharedData.Dataset("lfw", "images", n, $"{n}_0002.jpg"));
        }

        long seenBeforeKill = 0;
        var random = new Random(Environment.TickCount); // a different kill point every run
        const int kills = 3;
        for (int kill = 0; kill < kills; kill++)
        {
            var at = start.AddHours(1 + kill);
            using var p = Process.Start(Lfr.Process(null, Lfr.WithModels("run", "--deployment", "CRASH-1", "--source", folder, "--db", db, "--now", Iso(at))))!;
            long target = seenBeforeKill + random.Next(20, 120); // one to several seconds in
            var deadline = DateTime.UtcNow.AddSeconds(120);
            long now = seenBeforeKill;
            while (!p.HasExited && DateTime.UtcNow < deadline && (now = Alerts(db)) < target) await Task.Delay(50);
            await Task.Delay(random.Next(0, 400)); // anywhere: mid-frame, mid-commit, between counts
            seenBeforeKill = Alerts(db);
            if (p.HasExited) Assert.Fail($"the run finished before it could be killed ({now} alerts, exit {p.ExitCode}): {await p.StandardError.ReadToEndAsync()}");
            p.Kill(entireProcessTree: true); // SIGKILL
            await p.WaitForExitAsync();

            Assert.Equal("ok", Query(db, "PRAGMA integrity_check"));
            Assert.True(Alerts(db) >= seenBeforeKill, "an alert acknowledged before the kill is missing");
            seenBeforeKill = Alerts(db);

            // The next writing command signs what the killed run left unsigned (here the explicit one); then the
            // audit log verifies, and holds an entry for every alert acknowledged before the kill.
            await Ok(at.AddMinutes(30), "audit", "head");
            var export = dir[$"export-{kill}"];
            await Ok(null, "audit", "export", "--out", export);
            var verified = await Lfr.Run("audit", "verify", export, "--public-key", dir["audit-public-key.pem"]);
            Assert.True(verified.Exit == 0, verified.ToString());
            var raised = File.ReadLines(Path.Combine(export, "entries.jsonl")).Count(l => l.Contains("\"type\":\"alert.raised\""));
            Assert.Equal(seenBeforeKill, raised);
        }

        // Ending the deployment is the next write: it closes the last killed run too. Each is closed as
        // interrupted with exactly the faces its committed counts hold.
        var endAt = start.AddHours(5);
        await Ok(endAt, "deployment", "end", "CRASH-1", "--by", TestUsers.Supervisor);
        Assert.True(Query(db, "SELECT COUNT(*) FROM runs WHERE end_state = 'interrupted' AND deployment_id = 'CRASH-1'") == $"{kills}",
            Query(db, "SELECT group_concat(run_id || ' ' || IFNULL(end_state, '-') || ' ' || IFNULL(pid, '-') || ' ' || IFNULL(ended_at, '-'), '; ') FROM runs"));
        Assert.Equal("0", Query(db, "SELECT COUNT(*) FROM runs WHERE ended_at IS NULL"));
        Assert.Equal("0", Query(db, "SELECT COUNT(*) FROM runs r WHERE faces_seen != (SELECT COALESCE(SUM(faces_seen), 0) FROM face_counts f WHERE f.run_id = r.run_id)"));
        long faces = long.Parse(Query(db, "SELECT SUM(faces_seen) FROM runs WHERE deployment_id = 'CRASH-1'"));
        Assert.True(faces > 0, "the killed runs' committed counts were lost");

        // Retention applies to the interrupted runs' undecided alerts: a day after the end they are gone.
        Assert.Equal($"{seenBeforeKill}", Query(db, "SELECT COUNT(*) FROM alert_evidence"));
        await Ok(endAt.AddHours(25), "retention", "enforce");
        Assert.Equal("0", Query(db, "SELECT COUNT(*) FROM alert_evidence"));

        // The outcome report counts the faces the interrupted runs saw and says they were interrupted.
        await Ok(endAt.AddHours(26), "deployment", "publish-outcome", "CRASH-1", "--by", TestUsers.Supervisor);
        var outcome = JsonDocument.Parse(Query(db, "SELECT content FROM documents WHERE deployment_id = 'CRASH-1' AND kind = 'outcome'")).RootElement;
        Assert.Equal(faces, outcome.GetProperty("faces_seen").GetInt64());
        Assert.Equal(kills, outcome.GetProperty("runs_interrupted").GetInt64());
        Assert.Equal(seenBeforeKill, outcome.GetProperty("alerts").GetInt64());

        var list = await Lfr.Run("alerts", "list", "--json", "--db", db);
        Assert.Equal(0, list.Exit);
        Assert.Equal(seenBeforeKill, JsonDocument.Parse(list.Out).RootElement.GetArrayLength());
    }

    private static long Alerts(string db) => File.Exists(db) ? long.Parse(Query(db, "SELECT COUNT(*) FROM alerts")) : 0;

    private static string Query(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
