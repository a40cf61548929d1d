using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A supervisor's change at the command line reaches the console, which is another process with nothing to tell it: an
/// operator disabled is signed out at their very next request in every browser (an API answers 401, a page sends them to
/// sign in), their alert stream ends within seconds, and their right password is refused as a wrong one; enabled again,
/// they sign in anew, but no session from before comes back. A new password ends every session begun before it; the new
/// password signs in, and a session begun with it lasts.
/// </summary>
[Trait("Category", "Dates")]
public sealed class ConsoleSessionEndTests : IAsyncLifetime
{
    private const string Password = TestConsole.Password;
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;

    public async Task InitializeAsync()
    {
        var path = _dir["store.db"];
        TestUsers.In(path);
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            File.WriteAllText(_dir[Application.Audit.AuditKeys.PublicFile], key.ExportSubjectPublicKeyInfoPem());
        // The console's clock starts now; the command line below records on the real clock, which runs on from it.
        var clock = new FakeTimeProvider(Testing.TestTimeline.RealNow);
        _db = SqliteDatabase.Open(path, clock);
        _console = await TestConsole.StartAsync(_db, _dir, clock);
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    { BaseAddress = _console.Address };

    private async Task<HttpClient> SignedIn(string user, string password)
    {
        var http = Browser();
        var signedIn = await ConsoleAccessTests.SignIn(http, user, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/session")).StatusCode);
        return http;
    }

    /// <summary>The alert stream, read to its end in the background: the task completes when the server closes it.</summary>
    private static async Task<Task> Stream(HttpClient http)
    {
        var stream = await http.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();
        return Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (await body.ReadAsync(buffer) > 0) { }
            stream.Dispose();
        });
    }

    private async Task Command(params string[] args)
    {
        var r = await Lfr.Run([.. args, "--db", _dir["store.db"]]);
        Assert.True(r.Exit == 0, r.ToString());
    }

    private static async Task AssertSignedOut(HttpClient http)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/session")).StatusCode);
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.ToString());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_operator_disabled_at_the_command_line_is_signed_out_everywhere_at_the_next_request_and_the_stream_ends()
    {
        using var first = await SignedIn("op.one", Password);
        using var second = await SignedIn("op.one", Password);
        using var colleague = await SignedIn("op.two", Password);
        var streaming = await Stream(first);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(streaming.IsCompleted, "the stream ended while its user was active");

        await Command("users", "disable", "op.one", "--by", "sup.one");
        await AssertSignedOut(first);
        await AssertSignedOut(second);
        await streaming.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/api/session")).StatusCode); // no one else is touched

        // The right password, refused in the words a wrong one gets.
        using var again = Browser();
        var refused = await ConsoleAccessTests.SignIn(again, "op.one", Password);
        using var other = Browser();
        var wrong = await ConsoleAccessTests.SignIn(other, "op.two", "not the password at all");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (refused.StatusCode, wrong.StatusCode));
        Assert.Contains("the name or password is not right", await refused.Content.ReadAsStringAsync());

        // Enabled, they sign in anew; the sessions ended stay ended.
        await Command("users", "enable", "op.one", "--by", "sup.one");
        using var afresh = await SignedIn("op.one", Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_new_password_ends_every_session_begun_before_it_and_signs_in_itself()
    {
        using var before = await SignedIn("op.one", Password);
        var streaming = await Stream(before);
        const string changed = "an entirely new passphrase";
        var psi = Lfr.Process(null, "users", "password", "op.one", "--by", "sup.one", "--password-stdin", "--db", _dir["store.db"]);
        psi.RedirectStandardInput = true;
        using (var p = Process.Start(psi)!)
        {
            await p.StandardInput.WriteLineAsync(changed);
            p.StandardInput.Close();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await error);
        }
        await AssertSignedOut(before);
        await streaming.WaitAsync(TimeSpan.FromSeconds(20));

        using var old = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleAccessTests.SignIn(old, "op.one", Password)).StatusCode);
        using var after = await SignedIn("op.one", changed);
        var session = JsonDocument.Parse(await after.GetStringAsync("/api/session")).RootElement;
        Assert.Equal("op.one", session.GetProperty("user").GetString());
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/alerts")).StatusCode); // begun after the change: it lasts
    }
}
