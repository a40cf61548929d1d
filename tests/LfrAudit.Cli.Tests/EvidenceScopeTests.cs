using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using LfrAudit.Web;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The seeded demo store with two more deployments live on its timeline's day 10 (DEP-1 on van-1, DEP-2 on van-2), each
/// with the demo clip's three alerts undecided, their evidence held; no operator assigned to either.
/// </summary>
public sealed class TwoDeployments : IDisposable
{
    private readonly SeededStore _seeded;
    private readonly TempDir _dir = new();

    public TestTimeline Timeline => _seeded.Timeline;
    public static readonly string[] Ids = ["DEP-1", "DEP-2"];

    public TwoDeployments(SeededStore seeded)
    {
        _seeded = seeded; // shared by the collection: copied, never changed
        var db = _seeded.CopyInto(_dir);
        var t = Timeline;
        var clip = Path.Combine(Path.GetDirectoryName(_seeded.Path)!, "demo-clip.avi");
        void Ok(string now, params string[] args)
        {
            var r = Lfr.Run([.. args, "--db", db, "--now", now]).GetAwaiter().GetResult();
            if (r.Exit != 0) throw new InvalidOperationException(r.ToString());
        }
        for (int i = 0; i < Ids.Length; i++)
            Ok(t.Now(1, 9, i), "deployment", "plan", "--id", Ids[i], "--by", TestUsers.Supervisor, "--location", "North End, Croydon", "--area", "Croydon",
                "--start", t.Wall(10, 10), "--end", t.Wall(10, 18), "--purpose", "Locate people wanted for serious offences",
                "--officer", "A. Example", "--rank", "Superintendent", "--camera", $"van-{i + 1}", "--watchlist", "demo-watchlist");
        foreach (var id in Ids) Ok(t.Now(2, 9), "deployment", "publish-notice", id, "--by", TestUsers.Supervisor);
        foreach (var id in Ids) Ok(t.Now(10, 10), "deployment", "start", id, "--by", TestUsers.Supervisor);
        Ok(t.Now(10, 10, 30), Lfr.WithModels("run", "--deployment", "DEP-1", "--source", clip));
        Ok(t.Now(10, 10, 31), Lfr.WithModels("run", "--deployment", "DEP-2", "--source", clip));
    }

    /// <summary>A copy of the store in <paramref name="dir"/>, with its signing and public keys beside it.</summary>
    public string CopyInto(TempDir dir)
    {
        foreach (var f in new[] { "store.db", AuditKeys.PrivateFile, AuditKeys.PublicFile }) File.Copy(_dir[f], dir[f], overwrite: true);
        return dir["store.db"];
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Evidence scoped to the deployments an operator works, and every view audited: an operator assigned to a deployment sees
/// its alerts, is shown their probe crops and reference images (each showing one evidence.viewed entry, never cached) and
/// decides them; an operator not assigned gets exactly the 404 a non-existent alert gets, for the images and for a
/// decision, and never sees the alert in the queue or the stream. Checked by example, and by a property over random
/// sequences of assignments, removals, views, decisions and queue reads against a model of who is assigned where.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public sealed partial class EvidenceScopeTests(TwoDeployments store) : IClassFixture<TwoDeployments>, IAsyncLifetime
{
    private const long NoSuchAlert = 999_999;
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    private readonly FakeTimeProvider _clock = new(store.Timeline.At(10, 12));

    public async Task InitializeAsync()
    {
        _db = SqliteDatabase.Open(store.CopyInto(_dir), _clock);
        _console = await TestConsole.StartAsync(_db, _dir, _clock, SharedData.DatasetsDir);
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private async Task<HttpClient> SignedIn(string user)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _console.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleAccessTests.SignIn(http, user, TestConsole.Password)).StatusCode);
        var csrf = JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement.GetProperty("csrf").GetString()!;
        http.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        return http;
    }

    private void Assign(string user, string deployment) => UseCases.Deployments(_db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded).AssignOperator(new DeploymentId(deployment), user, "sup.one", "lfr on test");

    private void Unassign(string user, string deployment) => UseCases.Deployments(_db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded).UnassignOperator(new DeploymentId(deployment), user, "sup.one", "lfr on test");

    private List<long> AlertsOf(string deployment)
    {
        var runs = _db.Deployments.RunsOf(new DeploymentId(deployment)).Select(r => r.Run).ToHashSet();
        return _db.Runs().List().Where(a => runs.Contains(a.Alert.Run)).Select(a => a.Id.Value).ToList();
    }

    private static async Task<List<long>> Queue(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/alerts")).RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();

    private List<AuditEntry> Log() => _db.Audit.Entries().Select(l => AuditEntry.TryParse(l, out var e, out _) ? e! : throw new InvalidOperationException(l)).ToList();

    private List<EvidenceViewed> Views() => Log().Select(e => AuditVocabulary.Read(e).Event).OfType<EvidenceViewed>().ToList();

    private static Task<HttpResponseMessage> Decide(HttpClient http, long alert, string decision) =>
        http.PostAsJsonAsync($"/api/alerts/{alert}/decision", new { decision });

    /// <summary>The log, signed, verifies: its chain and heads with the store's key, and every entry against the rules (views by assigned operators among them).</summary>
    private void LogVerifies()
    {
        using (var signer = AuditKeys.LoadPrivate(_dir[AuditKeys.PrivateFile])) _db.Audit.IssueTreeHead(signer); // as a writing command does when it closes
        using var key = AuditKeys.LoadPublic(_dir[AuditKeys.PublicFile]);
        var chain = LogVerifier.Verify(_db.Audit.Entries().ToList(), _db.Audit.Heads(), key);
        Assert.True(chain.Ok, string.Join("; ", chain.Problems));
        var contents = LogContents.Read(Log());
        Assert.True(contents.Ok, string.Join("; ", contents.Problems));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_assigned_operator_is_shown_the_evidence_each_view_logged_once_and_an_unassigned_one_gets_the_404_of_no_alert()
    {
        var (one, two) = (AlertsOf("DEP-1"), AlertsOf("DEP-2"));
        Assert.Equal((3, 3), (one.Count, two.Count));
        Assign("op.one", "DEP-1");
        Assign("op.two", "DEP-2"); // B works a deployment too: just not this one
        using var a = await SignedIn("op.one");
        using var b = await SignedIn("op.two");
        using var sup = await SignedIn("sup.one");
        var alert = one[0];

        // The queue: each operator their own deployment's alerts; the supervisor all of them (without evidence).
        Assert.Equal(one, (await Queue(a)).Intersect(one.Concat(two)));
        Assert.Equal(two, (await Queue(b)).Intersect(one.Concat(two)));
        Assert.Equal(one.Concat(two), (await Queue(sup)).Intersect(one.Concat(two)));

        // A is shown the probe crop and the reference image: one entry each, before the bytes, and never cached.
        var before = Views().Count;
        foreach (var (path, kind, type) in new[] { ("probe.jpg", EvidenceViewed.Probe, "image/jpeg"), ("reference", EvidenceViewed.Reference, "image/") })
        {
            var r = await a.GetAsync($"/api/alerts/{alert}/{path}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.StartsWith(type, r.Content.Headers.ContentType!.MediaType);
            Assert.True(r.Headers.CacheControl?.NoStore, $"{path}: {r.Headers.CacheControl}");
            Assert.True((await r.Content.ReadAsByteArrayAsync()).Length > 100);
            var view = Views().Last();
            Assert.Equal((alert, kind, "op.one", "console from 127.0.0.1"), (view.Alert, view.Evidence, view.By, view.Via));
        }
        Assert.Equal(before + 2, Views().Count);

        // B: for the images, a decision and an outcome, exactly what an alert that does not exist answers; nothing recorded.
        var entries = _db.Audit.Size;
        foreach (var (method, path) in new[] { ("GET", "probe.jpg"), ("GET", "reference"), ("POST", "decision"), ("POST", "outcome") })
        {
            async Task<(HttpStatusCode, string)> Ask(long id)
            {
                var r = method == "GET" ? await b.GetAsync($"/api/alerts/{id}/{path}")
                    : await b.PostAsJsonAsync($"/api/alerts/{id}/{path}", path == "decision" ? new { decision = "reject", note = "not the same person" } : (object)new { outcome = "arrested" });
                return (r.StatusCode, await r.Content.ReadAsStringAsync());
            }
            var (status, body) = await Ask(alert);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(await Ask(NoSuchAlert), (status, body));
        }
        Assert.Equal(entries, _db.Audit.Size);
        Assert.Null(_db.Adjudications.FindAdjudication(new AlertId(alert)));

        // The stream: B is never sent it; A is, and is told it has gone once A is taken off the deployment.
        var streamB = await Stream(b, TimeSpan.FromSeconds(2));
        Assert.Equal(two, streamB.Alerts.Intersect(one.Concat(two)));
        Assert.DoesNotContain(alert, streamB.Alerts);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var streamA = Stream(a, TimeSpan.FromSeconds(15), seen => seen.Gone.Count >= one.Count, cancel.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Unassign("op.one", "DEP-1");
        var (sentA, goneA) = await streamA;
        Assert.Equal(one, sentA.Intersect(one.Concat(two)));
        Assert.Equal(one.Order(), goneA.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/alerts/{alert}/probe.jpg")).StatusCode);
        Assert.Empty((await Queue(a)).Intersect(one));

        // A decision by the assigned operator still works, as before.
        Assign("op.one", "DEP-1");
        Assert.Equal(HttpStatusCode.OK, (await Decide(a, alert, "unsure")).StatusCode);
        LogVerifies();
    }

    /// <summary>The alert ids a stream announced, and those it said have gone, within <paramref name="limit"/> or until <paramref name="enough"/>.</summary>
    private static async Task<(List<long> Alerts, List<long> Gone)> Stream(HttpClient http, TimeSpan limit, Func<(List<long> Alerts, List<long> Gone), bool>? enough = null,
        CancellationToken cancel = default)
    {
        var seen = (Alerts: new List<long>(), Gone: new List<long>());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(limit);
        try
        {
            using var response = await http.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            string? type = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    if (type == "alert") seen.Alerts.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("id").GetInt64());
                    else if (type == "decided") seen.Gone.Add(long.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture));
                    if (enough?.Invoke(seen) == true) break;
                }
            }
        }
        catch (OperationCanceledException) { }
        return seen;
    }

    /// <summary>One thing done in the property: by whom, to which deployment or alert.</summary>
    public sealed record Step(string Kind, string User, string Deployment, int Alert)
    {
        public override string ToString() => Kind switch
        {
            "assign" or "unassign" => $"{Kind} {User} to {Deployment}",
            "queue" => $"queue of {User}",
            _ => $"{Kind} of alert #{Alert} by {User}",
        };
    }

    private static readonly string[] Operators = ["op.one", "op.two"];

    private static Gen<Step> Steps(int alerts) =>
        from kind in Gen.Elements("assign", "unassign", "probe", "reference", "decide", "queue", "probe", "reference")
        from user in Gen.Elements(Operators)
        from deployment in Gen.Elements(TwoDeployments.Ids)
        from alert in Gen.Choose(0, alerts - 1)
        select new Step(kind, user, deployment, alert);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Over_random_assignments_and_views_the_console_answers_200_exactly_when_the_operator_is_assigned()
    {
        // Every alert of the store: the demo's deployment's (decided, evidence held or not) and the two deployments' (undecided).
        var deployments = _db.Deployments.List().Select(d => d.Id.Value).ToList();
        var alerts = deployments.SelectMany(d => AlertsOf(d).Select(a => (Id: a, Deployment: d))).ToList();
        var held = _db.Runs().List().ToDictionary(a => a.Id.Value, a => a.Alert.ProbeCropJpeg.Length > 0);
        var http = new Dictionary<string, HttpClient>();
        foreach (var user in Operators) http[user] = await SignedIn(user);
        var notThere = new Dictionary<string, (HttpStatusCode, string)>();
        foreach (var path in new[] { "probe.jpg", "reference" })
        {
            var r = await http["op.one"].GetAsync($"/api/alerts/{NoSuchAlert}/{path}");
            notThere[path] = (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        Prop.ForAll(Gen.ListOf(Steps(alerts.Count)).Select(s => s.ToList()).ToArbitrary(), steps =>
        {
            // The model starts from what the store holds: earlier sequences left their assignments and decisions.
            var assigned = Operators.SelectMany(u => _db.Assignments.OfOperator(u).Select(a => (u, a.Deployment.Value))).ToHashSet();
            var decided = alerts.Where(a => _db.Adjudications.FindAdjudication(new AlertId(a.Id)) is not null).Select(a => a.Id).ToHashSet();
            foreach (var step in steps)
            {
                var (alert, deployment) = alerts[step.Alert];
                bool mine = assigned.Contains((step.User, deployment));
                var entries = _db.Audit.Size;
                switch (step.Kind)
                {
                    case "assign" or "unassign":
                        var was = assigned.Contains((step.User, step.Deployment));
                        bool refused = false;
                        try { if (step.Kind == "assign") Assign(step.User, step.Deployment); else Unassign(step.User, step.Deployment); }
                        catch (DeploymentRuleException) { refused = true; }
                        if (refused != (step.Kind == "assign" ? was : !was)) return false.Label($"{step}: refused {refused}, assigned before {was}");
                        if (!refused && (step.Kind == "assign" ? !assigned.Add((step.User, step.Deployment)) : !assigned.Remove((step.User, step.Deployment))))
                            return false.Label($"{step}: the model disagrees");
                        if (_db.Audit.Size != entries + (refused ? 0 : 1)) return false.Label($"{step}: {_db.Audit.Size - entries} entries");
                        break;
                    case "probe" or "reference":
                        var path = step.Kind == "probe" ? "probe.jpg" : "reference";
                        var r = http[step.User].GetAsync($"/api/alerts/{alert}/{path}").GetAwaiter().GetResult();
                        var expected = mine && held[alert] ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                        if (r.StatusCode != expected) return false.Label($"{step} (alert {alert} of {deployment}, assigned {mine}, held {held[alert]}): {r.StatusCode}, expected {expected}");
                        if (expected == HttpStatusCode.NotFound && (r.StatusCode, r.Content.ReadAsStringAsync().GetAwaiter().GetResult()) != notThere[path])
                            return false.Label($"{step}: a 404 unlike that of an alert that does not exist");
                        var views = Views();
                        bool logged = _db.Audit.Size == entries + 1 && views[^1] is var v && v.Alert == alert && v.Evidence == step.Kind && v.By == step.User;
                        if (expected == HttpStatusCode.OK ? !logged : _db.Audit.Size != entries) return false.Label($"{step}: {_db.Audit.Size - entries} entries for a {r.StatusCode}");
                        break;
                    case "decide":
                        var answer = Decide(http[step.User], alert, "unsure").GetAwaiter().GetResult().StatusCode;
                        var due = !mine ? HttpStatusCode.NotFound : decided.Contains(alert) ? HttpStatusCode.Conflict : HttpStatusCode.OK;
                        if (answer != due) return false.Label($"{step} (alert {alert} of {deployment}, assigned {mine}): {answer}, expected {due}");
                        if (answer == HttpStatusCode.OK) decided.Add(alert);
                        if (_db.Audit.Size != entries + (answer == HttpStatusCode.OK ? 1 : 0)) return false.Label($"{step}: {_db.Audit.Size - entries} entries for a {answer}");
                        break;
                    case "queue":
                        var queue = Queue(http[step.User]).GetAwaiter().GetResult().Order().ToList();
                        var model = alerts.Where(a => assigned.Contains((step.User, a.Deployment)) && !decided.Contains(a.Id)).Select(a => a.Id).Order().ToList();
                        if (!queue.SequenceEqual(model)) return false.Label($"{step}: [{string.Join(", ", queue)}], the model [{string.Join(", ", model)}]");
                        break;
                }
            }
            var contents = LogContents.Read(Log());
            return contents.Ok.Label(string.Join("; ", contents.Problems));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40).WithEndSize(25));
        foreach (var client in http.Values) client.Dispose();
        LogVerifies();
    }
}
