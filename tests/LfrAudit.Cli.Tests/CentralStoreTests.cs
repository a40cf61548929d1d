using System.Diagnostics;
using System.Text.Json;
using LfrAudit.Application.Accounts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Postgres;
using LfrAudit.Testing;
using LfrAudit.Web;
using LfrAudit.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A force's central store on a real PostgreSQL server: the demo unchanged, a site's SQLite store imported, eight
/// site processes at once, a site killed and the server stopped mid-run.
/// </summary>
[Collection("timing")]
[Trait("Category", "Dates")]
public class CentralStoreTests
{
    [Fact]
    public async Task The_demo_and_the_console_run_unchanged_against_a_central_store_and_a_second_demo_there_is_refused()
    {
        using var dir = new TempDir();
        var store = PostgresServer.Shared.NewDatabase("demo");
        var env = new Dictionary<string, string> { ["LFR_STORE"] = store };
        var demo = await Lfr.RunProcess(env, Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        Assert.Contains("raised 3 (3 right, 0 false), missed none", demo.Out);
        Assert.Contains("store:    postgresql://", demo.Out);
        Assert.DoesNotContain("Password", demo.Out);
        var verify = await Lfr.Run("audit", "verify", Path.Combine(dir.Path, "audit-export"), "--public-key", Path.Combine(dir.Path, "audit-public-key.pem"));
        Assert.True(verify.Exit == 0, verify.ToString());

        var list = await Lfr.RunProcess(env, "alerts", "list", "--json");
        Assert.Equal(["WL-0001", "WL-0002", "WL-0003"], JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(a => a.GetProperty("candidate").GetString()).Order());

        // The operators' console, unchanged, on the central store: the deployment, and an alert's evidence opened from it.
        var clock = new FakeTimeProvider(TestTimeline.RealNow.AddDays(30));
        using (var db = PostgresDatabase.Open(store, clock, StoreAccess.Write, new SiteId("control-room")))
        {
            var accounts = new AccountService(db, new IdentityPasswordHashing(), new SignInThrottle(clock));
            accounts.Add("sup.central", Role.Supervisor, "correct horse battery staple", "admin");
            accounts.Add("op.central", Role.Operator, "correct horse battery staple", "sup.central");
            // The operator works the demo's deployment: assigned to it, they are shown its evidence.
            Application.UseCases.Deployments(db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded).AssignOperator(db.Deployments.List().Single().Id, "op.central", "sup.central", "lfr on control-room");
            await using var console = await OperatorConsole.StartAsync(db, new ConsoleSettings
            {
                Listen = new Uri("http://127.0.0.1:0"), ImagesRoot = SharedData.DatasetsDir, PublicSite = Path.Combine(dir.Path, "site"),
            });
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = console.Address };
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ConsoleAccessTests.SignIn(http, "op.central", "correct horse battery staple")).StatusCode);
            Assert.Equal("[]", await http.GetStringAsync("/api/alerts")); // the demo decided all three
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/deployments")).StatusCode);
            var probe = await http.GetAsync("/api/alerts/1/probe.jpg");
            Assert.Equal(System.Net.HttpStatusCode.OK, probe.StatusCode);
            Assert.Equal([0xFF, 0xD8], (await probe.Content.ReadAsByteArrayAsync())[..2]);
            Assert.Contains(db.Audit.Entries(), e => e.Contains("\"type\":\"user.signed_in\""));
        }

        // A van's alert decided by the control room: the decision, and the purge of the rejected evidence, go into the
        // van's own log, beside the alert, so each site's log holds its alerts and what became of them.
        var van = new SiteId("van-7");
        long alertId;
        using (var vanStore = PostgresDatabase.Open(store, clock, StoreAccess.Write, van))
        {
            var runs = vanStore.Runs();
            var run = new RunId("van-7-run");
            runs.BeginRun(new RunStart(run, new CameraId("van-7-cam"), "file", "demo-watchlist", new string('a', 64), 5, new Threshold(0.5),
                QualityGate.Default, "every frame", "m", clock.GetUtcNow()));
            alertId = runs.RecordAlert(new Alert(run, new CameraId("van-7-cam"), 3, clock.GetUtcNow(), new WatchlistEntryId("WL-0001"), WatchlistCategory.CourtWarrant,
                0.71f, new Threshold(0.5), new BoxF(1, 1, 30, 30), [0xFF, 0xD8, 1], [0.1f, 0.2f])).Value;
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        using (var db = PostgresDatabase.Open(store, clock, StoreAccess.Write, new SiteId("control-room")))
        {
            Application.UseCases.Alerts(db).Adjudicate(new AlertId(alertId), AlertDecision.Reject, "op.central", "console from 127.0.0.1", null);
            var vanLog = db.AuditOf(van).Entries().ToList();
            var roomLog = db.AuditOf(new SiteId("control-room")).Entries().ToList();
            Assert.Contains(vanLog, e => e.Contains("\"type\":\"alert.adjudicated\"") && e.Contains($"\"alert\":{alertId},"));
            Assert.Contains(vanLog, e => e.Contains("\"type\":\"evidence.purged\""));
            Assert.DoesNotContain(roomLog, e => e.Contains("\"type\":\"alert.adjudicated\"") && e.Contains($"\"alert\":{alertId},"));
            Assert.DoesNotContain(roomLog, e => e.Contains("\"type\":\"evidence.purged\""));
            // Each log holds together: the van's decision follows its alert.
            var parsed = vanLog.Select(l => AuditEntry.TryParse(l, out var e, out _) ? e! : throw new InvalidOperationException(l)).ToList();
            Assert.True(LogContents.Read(parsed).Ok, string.Join("; ", LogContents.Read(parsed).Problems));
        }

        var again = await Lfr.RunProcess(env, Lfr.WithModels("demo", "--out", dir["again"], "--datasets", SharedData.DatasetsDir));
        Assert.Equal(3, again.Exit);
        Assert.Single(again.ErrorLines);
        Assert.Contains("already holds records", again.Error);
    }

    [Fact]
    public async Task A_sites_sqlite_store_moves_into_the_central_store_with_its_log_verified_before_and_after()
    {
        using var dir = new TempDir();
        var demo = await Lfr.Run(Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        var sqlite = dir["demo.db"];
        var before = await Lfr.Run("alerts", "list", "--json", "--db", sqlite);
        var central = PostgresServer.Shared.NewDatabase("import");
        // Another site is already there, with alert ids of its own: the imported alerts are numbered after them.
        await RecordLoad(central, "van-9", alerts: 4, dir["van-9"]);

        var import = await Lfr.Run("store", "import", sqlite, "--store", central, "--site", "van-3", "--json");
        Assert.True(import.Exit == 0, import.ToString());
        var r = JsonDocument.Parse(import.Out).RootElement;
        Assert.True(r.GetProperty("verified_before").GetBoolean() && r.GetProperty("verified_after").GetBoolean());
        Assert.Equal(r.GetProperty("root_before").GetString(), r.GetProperty("root_after").GetString());
        Assert.Equal(3, r.GetProperty("alerts").GetInt32());
        Assert.All(r.GetProperty("alert_ids").EnumerateObject(), kv => Assert.True(kv.Value.GetInt64() > 4, "numbered after the other site's"));

        // The IAG exports and verifies the site's log from the central store with the site's public key.
        var export = await Lfr.Run("audit", "export", "--out", dir["central-export"], "--store", central, "--site", "van-3", "--audit-key", dir["audit-signing-key.pem"]);
        Assert.True(export.Exit == 0, export.ToString());
        var verify = await Lfr.Run("audit", "verify", dir["central-export"], "--public-key", dir["audit-public-key.pem"]);
        Assert.True(verify.Exit == 0, verify.ToString());
        var entries = File.ReadAllLines(Path.Combine(dir["central-export"], "entries.jsonl"));
        var original = File.ReadAllLines(Path.Combine(dir.Path, "audit-export", "entries.jsonl"));
        Assert.Equal(original, entries.Take(original.Length)); // byte for byte
        Assert.Contains("\"type\":\"store.imported\"", entries[^1]);

        // The same alerts, decisions and deployment, now the site's in the one view.
        var after = await Lfr.Run("alerts", "list", "--json", "--store", central, "--site", "van-3");
        var candidates = (string s) => JsonDocument.Parse(s).RootElement.EnumerateArray().Select(a => a.GetProperty("candidate").GetString()).Order().ToList();
        Assert.Equal(candidates(before.Out), candidates(after.Out).Where(c => c != "LOAD-1"));
        var sites = JsonDocument.Parse((await Lfr.Run("store", "sites", "--json", "--store", central)).Out).RootElement.EnumerateArray().ToList();
        Assert.Contains(sites, s => s.GetProperty("site").GetString() == "van-3" && s.GetProperty("deployments").GetInt32() == 1);
        Assert.Contains(sites, s => s.GetProperty("site").GetString() == "force-registry");

        // Importing the same site again is refused and changes nothing.
        var size = new PostgresDatabaseProbe(central).AuditSize("van-3");
        var twice = await Lfr.Run("store", "import", sqlite, "--store", central, "--site", "van-3");
        Assert.Equal(3, twice.Exit);
        Assert.Contains("already has", twice.Error);
        Assert.Equal(size, new PostgresDatabaseProbe(central).AuditSize("van-3"));
        // So is the same deployment under another site's name: deployment ids are the force's.
        var clash = await Lfr.Run("store", "import", sqlite, "--store", central, "--site", "van-4");
        Assert.Equal(3, clash.Exit);
        Assert.Contains("already exists in the central store", clash.Error);
        Assert.Equal(0, new PostgresDatabaseProbe(central).AuditSize("van-4"));
    }

    [Fact]
    public async Task Eight_site_processes_recording_at_once_lose_nothing_duplicate_nothing_and_every_log_verifies()
    {
        using var dir = new TempDir();
        var central = PostgresServer.Shared.NewDatabase("bench");
        var bench = await Lfr.RunProcess(null, "store", "bench", "--sites", "8", "--seconds", "3", "--head-every", "5", "--out", dir["bench.json"], "--store", central);
        Assert.True(bench.Exit == 0, bench.ToString());
        var r = JsonDocument.Parse(File.ReadAllText(dir["bench.json"])).RootElement;
        Assert.Equal(8, r.GetProperty("sites").GetInt32());
        Assert.Equal(0, r.GetProperty("lost").GetInt64());
        Assert.Equal(0, r.GetProperty("duplicated").GetInt64());
        Assert.True(r.GetProperty("all_logs_verified").GetBoolean());
        Assert.True(r.GetProperty("alerts").GetInt64() >= 8 && r.GetProperty("heads").GetInt64() >= 8, bench.Out);
        foreach (var site in r.GetProperty("per_site").EnumerateArray())
        {
            Assert.Equal(site.GetProperty("alerts").GetInt32(), site.GetProperty("stored").GetInt32());
            // Each site's log holds its own run: started, every alert, counts, heads' entries are not entries, ended.
            Assert.True(site.GetProperty("log_entries").GetInt64() >= site.GetProperty("alerts").GetInt32() + 2);
        }
    }

    [Fact]
    public async Task A_site_killed_mid_run_keeps_every_acknowledged_alert_and_its_run_is_closed_as_interrupted()
    {
        using var dir = new TempDir();
        var central = PostgresServer.Shared.NewDatabase("kill");
        var key = await Keys(dir["keys"]);
        using var load = Process.Start(Lfr.Process(null, "store", "load", "--store", central, "--site", "van-1", "--audit-key", key, "--seconds", "60", "--head-every", "7"))!;
        var acknowledged = await ReadAcknowledged(load, until: lines => lines.Count(l => l.StartsWith("alert ", StringComparison.Ordinal)) >= 40);
        load.Kill(); // SIGKILL: no clean-up of any kind
        await load.WaitForExitAsync();
        acknowledged.AddRange(await DrainAcknowledged(load));

        // The next command on that site puts the store in order: the run is closed as interrupted with what it recorded.
        var head = await Lfr.Run("audit", "head", "--store", central, "--site", "van-1", "--audit-key", key, "--log-level", "warning");
        Assert.True(head.Exit == 0, head.ToString());
        Assert.Contains("interrupted", head.Error);
        AssertEverythingAcknowledgedIsThere(central, "van-1", key, acknowledged);
    }

    [Fact]
    public async Task The_server_stopped_mid_run_stops_the_site_with_one_line_and_nothing_acknowledged_is_lost()
    {
        using var dir = new TempDir();
        using var server = PostgresServer.StartPrivate();
        var central = server.NewDatabase("stop");
        var key = await Keys(dir["keys"]);
        using var load = Process.Start(Lfr.Process(null, "store", "load", "--store", central, "--site", "van-2", "--audit-key", key, "--seconds", "60", "--head-every", "7"))!;
        var stderr = load.StandardError.ReadToEndAsync();
        var acknowledged = await ReadAcknowledged(load, until: lines => lines.Count(l => l.StartsWith("alert ", StringComparison.Ordinal)) >= 30);
        server.Kill(); // immediate shutdown, as a crash or a lost link
        Assert.True(load.WaitForExit(30_000), "the site stops when the store is gone");
        acknowledged.AddRange(await DrainAcknowledged(load));
        Assert.Equal(6, load.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, string.Join("\n", lines));
        Assert.Matches("^error: postgresql://lfr@127\\.0\\.0\\.1:[0-9]+/stop_[0-9a-f]+: .*(server stopped|cannot reach)", lines[0]);

        server.Restart();
        var head = await Lfr.Run("audit", "head", "--store", central, "--site", "van-2", "--audit-key", key);
        Assert.True(head.Exit == 0, head.ToString());
        AssertEverythingAcknowledgedIsThere(central, "van-2", key, acknowledged);
    }

    private static void AssertEverythingAcknowledgedIsThere(string central, string site, string key, List<string> acknowledged)
    {
        var alertIds = acknowledged.Where(l => l.StartsWith("alert ", StringComparison.Ordinal)).Select(l => long.Parse(l[6..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var heads = acknowledged.Where(l => l.StartsWith("head ", StringComparison.Ordinal)).Select(l => long.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(alertIds);
        using var store = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Read, new SiteId(site));
        var stored = store.Runs().List().Select(a => a.Id.Value).ToHashSet();
        Assert.All(alertIds, id => Assert.Contains(id, stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        var recordedHeads = store.Audit.Heads().Select(h => h.TreeSize).ToHashSet();
        Assert.All(heads, size => Assert.Contains(size, recordedHeads));
        var run = Assert.Single(store.Audit.Entries(), e => e.Contains("\"type\":\"run.interrupted\""));
        Assert.Contains($"\"alerts\":{stored.Count}", run);
        using var signer = LfrAudit.Application.Audit.AuditKeys.LoadPrivate(key);
        using var publicKey = System.Security.Cryptography.ECDsa.Create(signer.ExportParameters(false));
        var verified = LogVerifier.Verify(store.Audit.Entries().ToList(), store.Audit.Heads(), publicKey);
        Assert.True(verified.Ok, string.Join("\n", verified.Problems));
    }

    private static async Task<string> Keys(string folder)
    {
        var keygen = await Lfr.Run("audit", "keygen", "--out", folder);
        Assert.Equal(0, keygen.Exit);
        return Path.Combine(folder, "audit-signing-key.pem");
    }

    private static async Task RecordLoad(string central, string site, int alerts, string keyFolder)
    {
        var key = await Keys(keyFolder);
        var load = await Lfr.RunProcess(null, "store", "load", "--store", central, "--site", site, "--audit-key", key, "--alerts", alerts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
        Assert.True(load.Exit == 0, load.ToString());
    }

    private static async Task<List<string>> ReadAcknowledged(Process p, Func<List<string>, bool> until)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!until(lines) && await p.StandardOutput.ReadLineAsync(timeout.Token) is { } line) lines.Add(line);
        Assert.True(until(lines), "the load did not get going: " + string.Join("\n", lines));
        return lines;
    }

    // What was printed before the process died was acknowledged too (a line is only written once the store committed).
    private static async Task<List<string>> DrainAcknowledged(Process p) =>
        (await p.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("alert ", StringComparison.Ordinal) || l.StartsWith("head ", StringComparison.Ordinal)).ToList();

    /// <summary>Reads the central store as the IAG would, without the command line.</summary>
    private sealed class PostgresDatabaseProbe(string central)
    {
        public long AuditSize(string site)
        {
            using var store = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Read, new SiteId(site));
            return store.Audit.Size;
        }
    }
}
