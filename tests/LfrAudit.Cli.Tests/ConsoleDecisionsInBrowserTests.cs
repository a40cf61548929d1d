using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using LfrAudit.Application;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Matching;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using LfrAudit.Web;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Deciding alerts in the console as a van crew would, in Debian's Chromium: a key only opens a decision and a second,
/// deliberate step records it; a rejection needs its reason; the selection moves on to the next waiting alert; any
/// confirmed alert can get its officers' outcome; every time is London time whatever the browser's zone; a supervisor
/// watches without the operator's keys or images; and axe-core finds no violation on the page.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public sealed partial class ConsoleDecisionsInBrowserTests(TwoDeployments store) : IClassFixture<TwoDeployments>, IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    private readonly FakeTimeProvider _clock = new(store.Timeline.At(10, 12));

    public async Task InitializeAsync()
    {
        _db = SqliteDatabase.Open(store.CopyInto(_dir), _clock);
        _console = await TestConsole.StartAsync(_db, _dir, _clock, SharedData.DatasetsDir);
        UseCases.Deployments(_db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded).AssignOperator(new DeploymentId("DEP-1"), "op.one", "sup.one", "lfr on test");
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private static Task<IBrowser> Chromium(IPlaywright pw) => Tests.Chromium.LaunchAsync(pw);

    // A browser in New York: the console must still show London time.
    private Task<IPage> SignedIn(IBrowser browser, string user) =>
        Tests.Chromium.SignedInAsync(browser, _console.Address, user, TestConsole.Password, timezone: "America/New_York");

    private List<long> WaitingOf(string deployment)
    {
        var runs = _db.Deployments.RunsOf(new DeploymentId(deployment)).Select(r => r.Run).ToHashSet();
        return [.. _db.Runs().List().Where(a => runs.Contains(a.Alert.Run) && _db.Adjudications.FindAdjudication(a.Id) is null).Select(a => a.Id.Value).Order()];
    }

    private static async Task<long> Selected(IPage page) =>
        long.Parse((await page.GetAttributeAsync(".alert.selected", "id"))!["alert-".Length..], CultureInfo.InvariantCulture);

    // For docs/ (LFR_SCREENSHOTS=DIR): the faces are masked, the images being the datasets', not ours to publish.
    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LFR_SCREENSHOTS") is not { Length: > 0 } shots) return;
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, name), FullPage = true, Mask = [page.Locator("#probe"), page.Locator("#reference"), page.Locator("#scene")] });
    }

    [GeneratedRegex(@"(\d{1,2} \p{L}{3,4} \d{4}, (\d{2}:\d{2}:\d{2}) (GMT|BST))$")]
    private static partial Regex LondonTime();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_key_only_opens_a_decision_a_second_step_records_it_and_the_selection_moves_to_the_next_waiting_alert()
    {
        var waiting = WaitingOf("DEP-1");
        Assert.True(waiting.Count >= 2, $"the demo clip should give at least two alerts, gave {waiting.Count}");
        using var pw = await Playwright.CreateAsync();
        await using var browser = await Chromium(pw);
        var page = await SignedIn(browser, "op.one");
        await page.WaitForSelectorAsync($"#alert-{waiting[^1]}");
        Assert.Equal(waiting[0], await Selected(page));

        // The queue's time is London's, written the British way, though the browser is in New York.
        var shown = await page.TextContentAsync($"#alert-{waiting[0]}");
        var match = LondonTime().Match(shown!);
        Assert.True(match.Success, shown);
        var captured = _db.Runs().Find(new AlertId(waiting[0]))!.Alert.CapturedAt;
        var london = TimeZoneInfo.ConvertTime(captured, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal((london.ToString("HH:mm:ss", CultureInfo.InvariantCulture), london.Offset == TimeSpan.Zero ? "GMT" : "BST"), (match.Groups[2].Value, match.Groups[3].Value));

        // What to do if confirmed is in view, from the watchlist entry's category.
        Assert.StartsWith("If confirmed: ", await page.TextContentAsync("#action"));

        // c opens the decision; Escape closes it; nothing is recorded.
        var size = _db.Audit.Size;
        await page.Keyboard.PressAsync("c");
        await page.WaitForSelectorAsync("#decision-dialog[open]");
        Assert.Equal(size, _db.Audit.Size);
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("#decision-dialog", new() { State = WaitForSelectorState.Hidden });
        Assert.Null(_db.Adjudications.FindAdjudication(new AlertId(waiting[0])));

        // r opens a rejection, which is not recorded without its reason.
        await page.Keyboard.PressAsync("r");
        await page.WaitForSelectorAsync("#decision-dialog[open]");
        await Screenshot(page, "console-decision.png");
        await page.ClickAsync("#record-decision");
        await page.WaitForSelectorAsync("#decision-problem:has-text('Choose why it is not the person')");
        Assert.Null(_db.Adjudications.FindAdjudication(new AlertId(waiting[0])));
        await page.SelectOptionAsync("#reason", "Not the same person");
        await page.FillAsync("#note", "different build and hair");
        await page.ClickAsync("#record-decision");
        await page.WaitForSelectorAsync($"#status.ok:has-text('Alert #{waiting[0]}: reject recorded under op.one')");
        var rejected = _db.Adjudications.FindAdjudication(new AlertId(waiting[0]))!;
        Assert.Equal((AlertDecision.Reject, "Not the same person: different build and hair"), (rejected.Decision, rejected.Note));

        // The selection moved on to the next waiting alert, not back to the first.
        await page.WaitForSelectorAsync($"#alert-{waiting[0]}", new() { State = WaitForSelectorState.Detached });
        Assert.Equal(waiting[1], await Selected(page));

        // Confirmed with the key and Enter on the box's Record button; then its outcome, from the list of those waiting for one.
        await page.Keyboard.PressAsync("c");
        await page.WaitForSelectorAsync("#decision-dialog[open]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync($"#status.ok:has-text('Alert #{waiting[1]}: confirm recorded under op.one')");
        await page.WaitForSelectorAsync($"#awaiting-{waiting[1]}");
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        await page.SelectOptionAsync($"#outcome-{waiting[1]}", "words-of-advice");
        await page.ClickAsync($"#awaiting-{waiting[1]} button");
        await page.WaitForSelectorAsync($"#status.ok:has-text('Alert #{waiting[1]}: outcome words-of-advice recorded')");
        Assert.Equal(EngagementOutcome.WordsOfAdvice, _db.Adjudications.FindEngagement(new AlertId(waiting[1]))!.Outcome);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_box_closed_and_opened_again_before_its_close_event_keeps_the_decision_it_shows()
    {
        var waiting = WaitingOf("DEP-1");
        using var pw = await Playwright.CreateAsync();
        await using var browser = await Chromium(pw);
        var page = await SignedIn(browser, "op.one");
        await page.WaitForSelectorAsync($"#alert-{waiting[0]}");
        await page.Keyboard.PressAsync("c");
        await page.WaitForSelectorAsync("#decision-dialog[open]");

        // Escape and r within one task, as a loaded machine can deliver them: the first box's close event comes after
        // the second box has opened.
        await page.EvaluateAsync("""
            () => {
              document.getElementById("decision-dialog").close();
              document.dispatchEvent(new KeyboardEvent("keydown", { key: "r", bubbles: true }));
            }
            """);
        await page.WaitForSelectorAsync("#decision-dialog[open]");
        await page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0))"); // the stale close event has fired
        await page.ClickAsync("#record-decision");
        await page.WaitForSelectorAsync("#decision-problem:has-text('Choose why it is not the person')", new() { Timeout = 10_000 });
        await page.SelectOptionAsync("#reason", "Image too poor to tell");
        await page.ClickAsync("#record-decision");
        await page.WaitForSelectorAsync($"#status.ok:has-text('Alert #{waiting[0]}: reject recorded under op.one')", new() { Timeout = 10_000 });
        Assert.Equal(AlertDecision.Reject, _db.Adjudications.FindAdjudication(new AlertId(waiting[0]))!.Decision);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_supervisor_oversees_decisions_waiting_alerts_thresholds_and_cameras_without_the_operator_s_keys_or_images()
    {
        // op.one decides one alert 90 s after the clock's "now" began; a threshold is changed; the other alerts wait.
        var first = WaitingOf("DEP-1")[0];
        var raised = _db.Runs().Find(new AlertId(first))!.RaisedAt;
        _clock.SetUtcNow(store.Timeline.At(10, 12).AddSeconds(90));
        UseCases.Alerts(_db).Adjudicate(new AlertId(first), AlertDecision.Unsure, "op.one", "lfr on test", null);
        var decidedAfter = _clock.GetUtcNow() - raised;
        UseCases.Deployments(_db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded).ChangeThreshold(new DeploymentId("DEP-2"), new Threshold(0.55), "sup.one", "too many false alerts", "lfr on test");

        using var pw = await Playwright.CreateAsync();
        await using var browser = await Chromium(pw);
        var page = await SignedIn(browser, "sup.one");
        await page.WaitForSelectorAsync(".alert");
        Assert.True(await page.IsVisibleAsync(".supervisor-only"));
        foreach (var hidden in new[] { "#key-hint", "#decide", ".faces", "#outcomes" })
            Assert.False(await page.IsVisibleAsync(hidden), hidden);

        // Decisions by operator, with the time the alert waited for its decision.
        await page.WaitForSelectorAsync("#decisions tbody th:has-text('op.one')");
        double seconds = Math.Round(decidedAfter.TotalSeconds, 1);
        var took = seconds < 60 ? $"{Math.Floor(seconds + 0.5)} s" : $"{Math.Floor(seconds / 60)} min {Math.Floor(seconds % 60 + 0.5)} s"; // as the page rounds (JavaScript's Math.round)
        Assert.Equal(["0", "0", "1", took, took], await page.Locator("#decisions tbody tr:has(th:text-is('op.one')) td").AllTextContentsAsync());
        // Waiting alerts, oldest first, those waiting over two minutes marked; the threshold change; both cameras, not running.
        var waiting = WaitingOf("DEP-1").Concat(WaitingOf("DEP-2")).Order().ToList();
        Assert.Equal(waiting.Count, await page.Locator("#waiting tbody tr.late").CountAsync());
        Assert.Equal($"#{waiting[0]}", await page.TextContentAsync("#waiting tbody tr th"));
        Assert.Contains("0.50", await page.TextContentAsync("#threshold-changes tbody tr"));
        Assert.Contains("too many false alerts", await page.TextContentAsync("#threshold-changes tbody tr"));
        Assert.Equal(["DEP-1van-1not running", "DEP-2van-2not running"], await page.Locator("#cameras tbody tr").AllTextContentsAsync());

        await Screenshot(page, "console-oversight.png");
        // A key does nothing for a supervisor, and the oversight is theirs alone.
        var size = _db.Audit.Size;
        await page.Keyboard.PressAsync("c");
        Assert.False(await page.IsVisibleAsync("#decision-dialog"));
        Assert.Equal(size, _db.Audit.Size);
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        var operatorPage = await SignedIn(browser, "op.one");
        Assert.Equal(403, await operatorPage.EvaluateAsync<int>("async () => (await fetch('/api/oversight')).status"));
        Assert.False(await operatorPage.IsVisibleAsync("#oversight"));
    }

    [Fact]
    public async Task The_api_refuses_a_rejection_without_its_reason_as_problem_details_and_records_nothing()
    {
        var id = WaitingOf("DEP-1")[0];
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _console.Address };
        await ConsoleAccessTests.SignIn(http, "op.one", TestConsole.Password);
        var csrf = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement.GetProperty("csrf").GetString()!;
        http.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        var size = _db.Audit.Size;
        foreach (var note in new string?[] { null, "", "   " })
        {
            var answer = await http.PostAsync($"/api/alerts/{id}/decision", System.Net.Http.Json.JsonContent.Create(new { decision = "reject", note }));
            Assert.Equal((System.Net.HttpStatusCode)422, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("needs its reason", await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(size, _db.Audit.Size);
        Assert.Null(_db.Adjudications.FindAdjudication(new AlertId(id)));

        // A body that says no decision or outcome it could mean is the client's to fix (422, naming the choices), before
        // anything is looked up; the desk's own refusal of a second decision is a conflict (409).
        async Task<(int Status, string Body)> Post(string path, object body)
        {
            var answer = await http.PostAsync(path, System.Net.Http.Json.JsonContent.Create(body));
            var json = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            return ((int)answer.StatusCode, json.TryGetProperty("detail", out var detail) ? detail.GetString()! : json.ToString());
        }
        foreach (var (path, body, said) in new (string, object, string)[]
        {
            ($"/api/alerts/{id}/decision", new { decision = "maybe", note = "x" }, "give confirm, reject or unsure"),
            ($"/api/alerts/{id}/decision", new { note = "x" }, "'decision' is missing"),
            ($"/api/alerts/{id}/outcome", new { outcome = "released" }, "give arrested, words-of-advice"),
            ($"/api/alerts/{id}/outcome", new { outcome = "" }, "'outcome' is missing"),
            ($"/api/alerts/999999/decision", new { decision = "teleport" }, "is not one this console knows"),
        })
        {
            var (status, text) = await Post(path, body);
            Assert.True(status == 422 && text.Contains(said, StringComparison.Ordinal), $"{path}: {status} {text}");
        }
        Assert.Equal(size, _db.Audit.Size);
        Assert.Equal(200, (await Post($"/api/alerts/{id}/decision", new { decision = "unsure" })).Status);
        var again = await Post($"/api/alerts/{id}/decision", new { decision = "confirm" });
        Assert.True(again.Status == 409, again.ToString());
    }
}
