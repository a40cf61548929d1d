using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The console's access rules, tried exhaustively: every role (and no one) against every endpoint; changes refused
/// without the anti-forgery token; evidence never cacheable; password guessing throttled and every attempt audited.
/// </summary>
[Collection("timing")]
[Trait("Category", "Dates")]
public sealed partial class ConsoleAccessTests(SeededStore seeded) : IAsyncLifetime
{
    private const string Password = TestConsole.Password;
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    // Fixed, so the throttle's window is exact; on the seeded store's timeline, so after everything the store holds.
    private readonly FakeTimeProvider _clock = new(seeded.Timeline.At(10, 12));

    public async Task InitializeAsync()
    {
        _db = SqliteDatabase.Open(seeded.CopyInto(_dir), _clock);
        _console = await TestConsole.StartAsync(_db, _dir, _clock, Testing.SharedData.DatasetsDir);
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (so a redirect to the sign-in page is seen as such).</summary>
    private HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    { BaseAddress = _console.Address };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    internal static async Task<HttpResponseMessage> SignIn(HttpClient http, string name, string password)
    {
        var form = await http.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(FormToken().Match(form).Groups[1].Value);
        return await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = name, ["password"] = password }));
    }

    private async Task<(HttpClient Http, string Csrf)> As(string? user)
    {
        var http = Client();
        if (user is null) return (http, "");
        var signedIn = await SignIn(http, user, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement;
        return (http, session.GetProperty("csrf").GetString()!);
    }

    public static TheoryData<string, string, string> Matrix()
    {
        // Endpoint (method and path), and the roles that may use it; everyone else is refused.
        var endpoints = new (string Method, string Path, string[] Allowed)[]
        {
            ("GET", "/", ["operator", "supervisor", "reviewer"]), // a reviewer is sent on to the review page
            ("GET", "/api/session", ["operator", "supervisor", "reviewer"]),
            ("GET", "/api/alerts", ["operator", "supervisor"]),
            ("GET", "/api/deployments", ["operator", "supervisor"]),
            ("GET", "/api/oversight", ["supervisor"]),
            ("GET", "/api/alerts/awaiting-outcome", ["operator"]),
            ("GET", "/api/alerts/1/probe.jpg", ["operator"]),
            ("GET", "/api/alerts/1/reference", ["operator"]),
            ("POST", "/api/alerts/2/decision", ["operator"]),
            ("POST", "/api/alerts/1/outcome", ["operator"]),
            ("GET", "/iag", ["supervisor", "reviewer"]),
            ("POST", "/iag", ["supervisor", "reviewer"]),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, allowed) in endpoints)
            foreach (var who in new[] { "anonymous", "operator", "supervisor", "reviewer" })
                data.Add($"{method} {path}", who, who == "anonymous" ? "sign-in" : allowed.Contains(who) ? "allowed" : "refused");
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    [Trait("Category", "Slow")]
    public async Task Each_role_against_each_endpoint(string endpoint, string who, string expected)
    {
        var (http, csrf) = await As(who switch { "operator" => "op.one", "supervisor" => "sup.one", "reviewer" => "iag.one", _ => null });
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Headers.Add("X-CSRF-Token", csrf);
            request.Content = path == "/iag"
                ? new FormUrlEncodedContent(new Dictionary<string, string> { ["export"] = "/nonexistent" })
                : JsonContent.Create(path.EndsWith("decision") ? new { decision = "reject" } : (object)new { outcome = "other" });
        }
        var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        switch (expected)
        {
            case "sign-in": Assert.True(status == 401 || (status == 302 && response.Headers.Location!.ToString().Contains("/login")), $"{endpoint} anonymous: {status}"); break;
            case "refused": Assert.True(status == 403, $"{endpoint} as {who}: {status}"); break;
            default: Assert.True(status is not (401 or 403) && status < 500, $"{endpoint} as {who}: {status} {await response.Content.ReadAsStringAsync()}"); break;
        }
        Assert.True(response.Headers.CacheControl?.NoStore, $"{endpoint}: {response.Headers.CacheControl}");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_session_cookie_kept_from_before_sign_out_is_worth_nothing_after()
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _console.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(http, "op.one", Password)).StatusCode);
        var csrf = JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement.GetProperty("csrf").GetString()!;
        var copied = string.Join("; ", jar.GetCookies(_console.Address).Select(c => $"{c.Name}={c.Value}"));
        Assert.Contains("lfr-session=", copied);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout") { Content = new FormUrlEncodedContent([]) };
        logout.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(logout)).StatusCode);

        // The same cookie, replayed by someone who copied it before: no longer a session.
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _console.Address };
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        again.Headers.Add("Cookie", copied);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.SendAsync(again)).StatusCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Signing_in_again_never_keeps_the_session_key_the_browser_brought()
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _console.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(http, "op.one", Password)).StatusCode);
        var planted = string.Join("; ", jar.GetCookies(_console.Address).Where(c => c.Name.StartsWith("lfr-session", StringComparison.Ordinal)).Select(c => $"{c.Name}={c.Value}"));
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(http, "iag.one", Password)).StatusCode);
        // The old cookie is not the reviewer's session now, nor the operator's any more.
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _console.Address };
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        again.Headers.Add("Cookie", planted);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.SendAsync(again)).StatusCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_alert_stream_ends_with_its_session()
    {
        var (http, csrf) = await As("op.one");
        using var stream = await http.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();
        var ended = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (await body.ReadAsync(buffer) > 0) { }
        });
        // Open while the session is: seconds past the first check of it, the stream still runs.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(ended.IsCompleted, "the stream ended while its session was open");
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout") { Content = new FormUrlEncodedContent([]) };
        logout.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(logout)).StatusCode);
        // The server closes the stream within seconds of the sign-out, not never.
        await ended.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_change_without_the_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var (http, _) = await As("op.one");
        var before = _db.Audit.Size;
        var r = await http.PostAsJsonAsync("/api/alerts/2/decision", new { decision = "reject" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(before, _db.Audit.Size);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Password_guessing_is_throttled_and_every_attempt_is_in_the_audit_log()
    {
        var http = Client();
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(http, "sup.one", $"wrong guess {i}")).StatusCode);
        var locked = await SignIn(http, "sup.one", Password); // the right password, too late
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("too many failed attempts", await locked.Content.ReadAsStringAsync());
        var refused = _db.Audit.Entries().Count(e => e.Contains("\"type\":\"user.sign_in_refused\"") && e.Contains("sup.one"));
        Assert.Equal(6, refused);
        Assert.DoesNotContain(_db.Audit.Entries(), e => e.Contains("wrong guess", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task With_a_supplied_certificate_the_console_speaks_HTTPS_with_strict_transport_security()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        // Valid on the console's clock (a test timeline, ahead of the real one), which the console checks it against.
        var (now, real) = (_clock.GetUtcNow(), DateTimeOffset.UtcNow);
        using var cert = request.CreateSelfSigned((now < real ? now : real).AddDays(-1), (now > real ? now : real).AddDays(30));
        var pfx = _dir["console.pfx"];
        File.WriteAllBytes(pfx, cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
        var port = Testing.Cameras.LoopbackCameras.FreePort();
        await using var https = await OperatorConsole.StartAsync(_db, new ConsoleSettings
        {
            Listen = new Uri($"https://127.0.0.1:{port}"), CertificateFile = pfx, CertificatePassword = "pfx-password",
        });
        var thumbprint = cert.Thumbprint;
        using var http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            // Trust exactly the certificate we supplied, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        }) { BaseAddress = https.Address };
        var login = await http.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, https.Address.Scheme);
        Assert.Contains("max-age=", login.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.Contains("lfr-csrf") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_public_site_is_served_to_anyone_and_nothing_outside_it()
    {
        using var http = Client();
        var index = await http.GetAsync("/site/index.html");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("Deployments", await index.Content.ReadAsStringAsync());
        foreach (var escape in new[] { "/site/../store.db", "/site/%2e%2e/store.db", "/site/..%2fstore.db" })
            Assert.NotEqual(HttpStatusCode.OK, (await http.GetAsync(escape)).StatusCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_session_ends_after_its_idle_limit()
    {
        await using var brief = await OperatorConsole.StartAsync(_db, new ConsoleSettings
        {
            Listen = new Uri("http://127.0.0.1:0"), SessionIdleLimit = TimeSpan.FromSeconds(4),
        });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = brief.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(http, "op.one", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/session")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_iag_page_verifies_against_the_consoles_own_key_and_a_forged_or_malformed_export_is_a_failure_never_a_500()
    {
        var (http, csrf) = await As("iag.one");
        async Task<(HttpStatusCode Status, string Body)> Review(string export)
        {
            var form = await http.GetStringAsync("/iag");
            var token = WebUtility.HtmlDecode(FormToken().Match(form).Groups[1].Value);
            var r = await http.PostAsync("/iag", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["export"] = export }));
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }
        var genuine = Path.Combine(Path.GetDirectoryName(seeded.Path)!, "audit-export");
        var ok = await Review(genuine);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Contains("VERIFIED", ok.Body);
        Assert.Contains("Verified against the store", ok.Body);

        void CopyTo(string to) { Directory.CreateDirectory(to); foreach (var f in Directory.GetFiles(genuine)) File.Copy(f, Path.Combine(to, Path.GetFileName(f))); }
        // Malformed: an entry's data an array. Re-signed: the export's own key swapped for another (which the page never trusts).
        var malformed = _dir["malformed"];
        CopyTo(malformed);
        var lines = File.ReadAllLines(Path.Combine(malformed, "entries.jsonl"));
        lines[1] = System.Text.RegularExpressions.Regex.Replace(lines[1], "\"data\":\\{[^}]*\\}", "\"data\":[1,2]");
        File.WriteAllLines(Path.Combine(malformed, "entries.jsonl"), lines);
        var swapped = _dir["swapped"];
        CopyTo(swapped);
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            File.WriteAllText(Path.Combine(swapped, Application.Audit.AuditKeys.PublicFile), other.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(swapped, "tree-heads.jsonl"), "{\"tree_size\":1e400}\n");
        foreach (var export in new[] { malformed, swapped })
        {
            var (status, body) = await Review(export);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("DOES NOT VERIFY", body);
            Assert.Contains("did NOT verify", body);
        }
        // Too large for the page (it holds an export in memory, about ten times its size): said, and left to the CLI.
        var huge = _dir["huge"];
        CopyTo(huge);
        using (var entries = File.OpenWrite(Path.Combine(huge, "entries.jsonl"))) entries.SetLength(65L * 1024 * 1024);
        var (tooLarge, said) = await Review(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Contains("lfr audit report", WebUtility.HtmlDecode(said));
    }
}
