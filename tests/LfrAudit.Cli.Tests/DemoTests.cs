using LfrAudit.Testing;
using System.Text.Json;
using LfrAudit.Application.Audit;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>The README's main job, end to end, on the real models and images.</summary>
[Trait("Category", "Dates")]
public class DemoTests
{
    [Fact]
    public async Task With_json_and_practice_the_demo_says_where_everything_is_and_leaves_alerts_for_a_trainee()
    {
        using var dir = new TempDir();
        var demo = await Lfr.Run(Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir, "--practice", "--json"));
        Assert.True(demo.Exit == 0, demo.ToString());
        var root = JsonDocument.Parse(demo.Out).RootElement; // the narration went to standard error
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal(3, root.GetProperty("alerts").GetInt32());
        Assert.Empty(root.GetProperty("missed").EnumerateArray());
        foreach (var file in new[] { "site", "notice", "outcome", "iag_report", "store", "audit_public_key" })
            Assert.True(File.Exists(root.GetProperty(file).GetString()), file);
        Assert.Contains("expected alerts for", demo.Error);

        // The practice deployment: live now, the clip's three alerts waiting, for a trainee who can sign in with the password printed.
        var practice = root.GetProperty("practice");
        var id = practice.GetProperty("deployment").GetString()!;
        var (user, password) = (practice.GetProperty("user").GetString()!, practice.GetProperty("password").GetString()!);
        Assert.Equal(3, practice.GetProperty("alerts_pending").GetInt32());
        Assert.True(practice.GetProperty("live_until").GetDateTimeOffset() > TestTimeline.RealNow.AddHours(7));
        var show = JsonDocument.Parse((await Lfr.Run("deployment", "show", id, "--json", "--db", dir["demo.db"])).Out).RootElement;
        Assert.Equal("live", show.GetProperty("deployment").GetProperty("state").GetString());
        Assert.True(show.GetProperty("deployment").GetProperty("notice_on_time").GetBoolean()); // planned with the demo's: no override
        Assert.Equal([user], show.GetProperty("operators").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        using (var store = SqliteDatabase.Open(dir["demo.db"], new FakeTimeProvider(TestTimeline.RealNow), StoreAccess.Read))
        {
            var trainee = store.Users.Find(user)!;
            Assert.Equal(Role.Operator, trainee.Role);
            Assert.True(new IdentityPasswordHashing().Verify(user, trainee.PasswordHash, password));
        }
        // The trainee decides one on the real clock, as the console would record it.
        var pending = JsonDocument.Parse((await Lfr.Run("alerts", "list", "--json", "--db", dir["demo.db"])).Out).RootElement.EnumerateArray()
            .Where(a => a.GetProperty("camera").GetString() == "practice-camera").ToList();
        Assert.Equal(3, pending.Count);
        var decided = await Lfr.Run("alerts", "adjudicate", pending[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--decision", "confirm", "--by", user, "--note", "practice", "--db", dir["demo.db"]);
        Assert.True(decided.Exit == 0, decided.ToString());
    }

    [Fact]
    public async Task The_demo_alerts_for_the_enrolled_people_in_the_clip_and_for_no_one_else()
    {
        using var dir = new TempDir();
        var demo = await Lfr.Run(Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        Assert.Contains("expected alerts for WL-0001, WL-0002, WL-0003; raised 3 (3 right, 0 false), missed none", demo.Out);
        Assert.Contains("WL-0006", demo.Out); // the expired entry is reported as rejected
        Assert.Contains("expired", demo.Out);

        var list = await Lfr.Run("alerts", "list", "--json", "--db", dir["demo.db"]);
        Assert.Equal(0, list.Exit);
        var alerts = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["WL-0001", "WL-0002", "WL-0003"], alerts.Select(a => a.GetProperty("candidate").GetString()).Order());
        Assert.All(alerts, a => Assert.True(a.GetProperty("score").GetDouble() >= 0.5));
        Assert.All(alerts, a => Assert.True(a.GetProperty("probe_crop_bytes").GetInt32() > 1000, "an alert keeps its probe crop"));
        Assert.DoesNotContain("embedding", list.Out); // listing never prints biometric data

        // The whole deployment: notice on time, outcome published, the public site written.
        var id = System.Text.RegularExpressions.Regex.Match(demo.Out, "DEMO-[0-9]{8}").Value;
        var show = JsonDocument.Parse((await Lfr.Run("deployment", "show", id, "--json", "--db", dir["demo.db"])).Out).RootElement;
        Assert.Equal("outcome published", show.GetProperty("deployment").GetProperty("state").GetString());
        Assert.True(show.GetProperty("deployment").GetProperty("notice_on_time").GetBoolean());
        Assert.True(show.GetProperty("deployment").GetProperty("outcome_on_time").GetBoolean());
        Assert.Equal(3, show.GetProperty("figures").GetProperty("confirmed").GetInt64());
        var outcome = File.ReadAllText(Path.Combine(dir.Path, "site", "deployments", id, "outcome.json"));
        // The outcome report counts people: one per appearance in the clip's truth (10), not a detection per frame (200).
        var people = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "demo-clip.truth.json"))).RootElement.GetProperty("Appearances").GetArrayLength();
        Assert.Contains($"\"faces_seen\": {people}", outcome);
        Assert.Equal(10, people);
        Assert.True(File.Exists(Path.Combine(dir.Path, "site", "index.html")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "site", "deployments", id, "notice.html")));
        // The demo runs on a simulation clock, and everything it publishes says so.
        Assert.Contains("SIMULATION: this document was produced by a demo", File.ReadAllText(Path.Combine(dir.Path, "site", "deployments", id, "notice.html")));
        // Both documents name the recognition model as forces name theirs: what it is, its version, the file's SHA-256.
        var model = LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded.DefaultFor(LfrAudit.Vision.Catalogue.ModelRole.Embedder);
        foreach (var document in new[] { "notice.html", "outcome.html" })
        {
            var html = File.ReadAllText(Path.Combine(dir.Path, "site", "deployments", id, document));
            Assert.Contains($"{model.Name}, version {model.Version}", html); // no character of either needs encoding
            Assert.Contains(model.Sha256, html);
        }
        Assert.Contains("Simulation clock.", File.ReadAllText(Path.Combine(dir.Path, "iag-report.html")));

        // Every step is in the audit log, and the export verifies offline: by the command the demo prints, as printed.
        var hint = System.Text.RegularExpressions.Regex.Match(demo.Out, @"check it: lfr (audit verify [^)]+)\)").Groups[1].Value.Split(' ');
        Assert.Equal(["audit", "verify", Path.Combine(dir.Path, "audit-export"), "--public-key", Path.Combine(dir.Path, "audit-public-key.pem")], hint);
        var verify = await Lfr.Run([.. hint, "--json"]);
        Assert.True(verify.Exit == 0, verify.ToString());
        var entries = File.ReadAllLines(Path.Combine(dir.Path, "audit-export", "entries.jsonl"));
        foreach (var type in new[] { "watchlist.enrolled", "deployment.planned", "deployment.operator_assigned", "deployment.notice_published", "document.published", "deployment.started",
                     "run.started", "faces.counted", "alert.raised", "alert.adjudicated", "alert.engagement", "run.ended", "deployment.ended", "deployment.outcome_published" })
            Assert.Contains(entries, e => e.Contains($"\"type\":\"{type}\""));

        // The published notice carries the signed tree head it was published under, and that head covers the
        // log entry holding the notice's SHA-256: the public document is anchored in the log.
        var noticeJson = File.ReadAllBytes(Path.Combine(dir.Path, "site", "deployments", id, "notice.json"));
        var noticeHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(noticeJson));
        var anchor = TreeHead.FromJson(System.Text.Json.Nodes.JsonNode.Parse(
            File.ReadAllText(Path.Combine(dir.Path, "site", "deployments", id, "notice.tree-head.json")))!.AsObject());
        var published = Array.FindIndex(entries, e => e.Contains("\"type\":\"document.published\"") && e.Contains(noticeHash));
        Assert.True(published >= 0, "the notice's hash is in the log");
        Assert.True(published < anchor.TreeSize, "the anchoring head covers it");
        var tree = new MerkleTree();
        foreach (var e in entries.Take((int)anchor.TreeSize)) tree.Append(System.Text.Encoding.UTF8.GetBytes(e));
        Assert.Equal(anchor.RootHash, Convert.ToHexStringLower(tree.Root()));
        using var operatorKey = AuditKeys.LoadPublic(Path.Combine(dir.Path, "audit-export", "audit-public-key.pem"));
        Assert.True(anchor.VerifySignature(operatorKey));
        Assert.Contains("Anchored in the audit log", File.ReadAllText(Path.Combine(dir.Path, "site", "deployments", id, "notice.html")));
        var iag = File.ReadAllText(Path.Combine(dir.Path, "iag-report.html"));
        Assert.Contains("Verified: every entry", iag);
        Assert.Contains($"Deployment {id}", iag);
    }

    [Fact]
    public async Task Run_takes_a_manifest_directly_and_reports_json()
    {
        using var dir = new TempDir();
        var run = await Lfr.Run(Lfr.WithModels("run", "--watchlist", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir, "--source", SharedData.Dataset("lfw", "images", "Serena_Williams"),
            "--db", dir["x.db"], "--json", "--camera", "gate-3"));
        Assert.True(run.Exit == 0, run.ToString());
        var json = JsonDocument.Parse(run.Out).RootElement;
        Assert.Contains("watchlist 'demo-watchlist': 5 enrolled, 1 rejected", run.Error);
        Assert.Equal("gate-3", json.GetProperty("camera").GetString());
        Assert.Equal(2, json.GetProperty("frames_processed").GetInt64());
        Assert.Equal(0.5, json.GetProperty("threshold").GetDouble());
        // Serena's second photo alerts; her first is the enrolled one itself (a repeat within the window).
        Assert.Equal(1, json.GetProperty("alerts").GetInt64());
    }
}
