using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using LfrAudit.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The console's endpoints under generated hostile requests, signed in and not: malformed, truncated and wrongly typed
/// JSON, NUL and control characters in paths and fields, oversized bodies and forms, foreign Host headers. Each is
/// answered as the client's fault (400, 404, 405, 413, 415…) with RFC 9457 problem details on the API, never a 500;
/// no redirect points at a host the request named; and nothing is written to the audit log by a request that changed
/// nothing, so the store still verifies.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SeededCollection.Name)]
public sealed class ConsoleHostileRequestTests(SeededStore seeded) : IAsyncLifetime
{
    private const string Password = TestConsole.Password;
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    private readonly FakeTimeProvider _clock = new(seeded.Timeline.At(10, 12));

    public async Task InitializeAsync()
    {
        _db = SqliteDatabase.Open(seeded.CopyInto(_dir), _clock);
        _console = await TestConsole.StartAsync(_db, _dir, _clock);
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    { BaseAddress = _console.Address };

    private async Task<(HttpClient Http, string Csrf)> As(string user)
    {
        var http = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleAccessTests.SignIn(http, user, Password)).StatusCode);
        var session = JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement;
        return (http, session.GetProperty("csrf").GetString()!);
    }

    private static readonly string[] Nasty = ["\0", "%00", "\u0001", "\u001b[2J", "\u202e", "..", "../..", "%2e%2e%2f", "<script>", "'", "\"", "\\", "%", "%zz", "\ud800", "\uFFFF", "💥", new string('a', 5000)];

    // A body for a JSON endpoint: broken, wrongly typed, null-valued, deep, huge.
    private static readonly Gen<string> Bodies = Gen.OneOf(
        Gen.Elements("", "{", "}", "[]", "null", "1", "\"reject\"", "{\"decision\":null}", "{\"decision\":1}", "{\"decision\":[]}", "{\"decision\":{}}",
            "{\"decision\":\"reject\",\"note\":7}", "{\"outcome\":null}", "{\"outcome\":true}", "{\"decision\":\"\\u0000\"}", "{\"decision\":\"banana\"}",
            "{\"decision\":\"reject\",\"decision\":\"confirm\"}", "{\"decision\":\"\\ud800\"}", "{'decision':'reject'}", "\u00ef\u00bb\u00bf{}",
            new string('[', 5000) + new string(']', 5000), "{\"note\":\"" + new string('x', 3_000_000) + "\"}"),
        Gen.Elements(Nasty).Select(n => JsonSerializer.Serialize(new { decision = n, outcome = n, note = n })));

    private static readonly Gen<string> Paths = Gen.OneOf(
        Gen.Elements("/api/alerts/{n}/decision", "/api/alerts/{n}/outcome", "/api/alerts/{n}/probe.jpg", "/api/alerts/{n}/reference", "/api/alerts",
            "/api/deployments", "/api/session", "/login", "/logout", "/iag", "/site/{n}", "/site/index.html", "/{n}", "/api/{n}"),
        Gen.Constant("/api/alerts/{n}/decision"));

    private static readonly Gen<string> Ids = Gen.OneOf(Gen.Elements("1", "2", "-1", "0", "99999999999999999999", "1e9", "NaN", "0x10", " 1", "1.5"), Gen.Elements(Nasty));

    private sealed record Hostile(string Who, string Method, string Path, string Id, string Body, string ContentType, string? Host, bool WithCsrf)
    {
        public string Url => Path.Replace("{n}", Uri.EscapeDataString(Id), StringComparison.Ordinal);
        public override string ToString() => $"{Who} {Method} {Url[..Math.Min(Url.Length, 120)]} [{ContentType}] body {Body[..Math.Min(Body.Length, 80)]} host {Host} csrf {WithCsrf}";
    }

    private static Arbitrary<Hostile> Requests() =>
        (from who in Gen.Elements("anonymous", "op.one", "sup.one", "iag.one")
         from method in Gen.Elements("GET", "POST", "POST", "PUT", "DELETE", "OPTIONS")
         from path in Paths
         from id in Ids
         from body in Bodies
         from type in Gen.Elements("application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "")
         from host in Gen.Elements<string?>(null, null, "evil.example", "evil.example:666", "[::1]:1", "a\u0000b", "xn--a", "xn--zz.example", "evil..example", ".evil.example", "evil.example..")
         from csrf in Gen.Elements(true, true, false)
         select new Hostile(who, method, path, id, body, type, host, csrf)).ToArbitrary();

    [Fact]
    public async Task Generated_hostile_requests_are_the_clients_fault_never_a_500_and_change_nothing()
    {
        var sessions = new Dictionary<string, (HttpClient Http, string Csrf)> { ["anonymous"] = (Client(), "") };
        foreach (var user in new[] { "op.one", "sup.one", "iag.one" }) sessions[user] = await As(user);
        var before = _db.Audit.Size;
        var failures = new List<string>();
        // FsCheck generates; the requests run one after another against the one console (a property body cannot await).
        var cases = Gen.Sample(Requests().Generator, 600);
        foreach (var c in cases)
        {
            var (http, token) = sessions[c.Who];
            HttpRequestMessage Request()
            {
                var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
                if (c.Method is "POST" or "PUT")
                {
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Body));
                    if (c.ContentType.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                }
                if (c.WithCsrf && token.Length > 0) request.Headers.Add("X-CSRF-Token", token);
                if (c.Host is { } host) request.Headers.TryAddWithoutValidation("Host", host);
                // An oversized body is answered 413 and its connection closed, as HTTP lets a server: never reused.
                if (c.Body.Length > RequestLimits.MaxBody) request.Headers.ConnectionClose = true;
                return request;
            }
            HttpResponseMessage response;
            try
            {
                using var first = Request();
                try { response = await http.SendAsync(first); }
                // A kept-alive connection the server closed after the previous answer: once more, on a new one.
                catch (HttpRequestException) when (c.Body.Length <= RequestLimits.MaxBody) { using var again = Request(); response = await http.SendAsync(again); }
            }
            // A body over the limit may be cut off mid-send: the server answered 413 and closed, as HTTP lets it.
            catch (HttpRequestException) when (c.Body.Length > RequestLimits.MaxBody) { continue; }
            catch (HttpRequestException e) { failures.Add($"{c}: the connection failed: {e.Message}"); continue; }
            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                if (status >= 500) failures.Add($"{c}: {status} {text[..Math.Min(text.Length, 200)]}");
                if (response.Headers.Location is { } location && location.IsAbsoluteUri)
                    failures.Add($"{c}: redirected to an absolute address {location}");
                if (status >= 400 && c.Url.StartsWith("/api", StringComparison.Ordinal) && text.Length > 0
                    && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{c}: {status} answered as {response.Content.Headers.ContentType} rather than problem details: {text[..Math.Min(text.Length, 120)]}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} requests answered wrongly:\n{string.Join("\n", failures.Distinct().Take(25))}");
        // Decisions that were well formed may have been taken; nothing else may have been written, and the log verifies.
        using var key = Application.Audit.AuditKeys.LoadPublic(_dir[Application.Audit.AuditKeys.PublicFile]);
        var verified = LogVerifier.Verify(_db.Audit.Entries().ToList(), _db.Audit.Heads(), key);
        Assert.True(verified.Ok || verified.Problems.All(p => p.Contains("not covered by any valid signed tree head", StringComparison.Ordinal)), string.Join("; ", verified.Problems));
        Assert.True(_db.Audit.Size >= before, $"the log shrank from {before} to {_db.Audit.Size}");
    }
}
