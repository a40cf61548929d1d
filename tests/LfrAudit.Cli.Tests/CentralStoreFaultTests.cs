using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LfrAudit.Application.Accounts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Testing;
using LfrAudit.Web;
using LfrAudit.Web.Security;
using Npgsql;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The central store's server going away under a long-running process: a recognition run stops with the one line and
/// exit code the README gives (never a stack trace), and the console answers 503 while the server is down and serves
/// again on its own once it is back (one session per process, opened again on the next request).
/// </summary>
[Trait("Category", "Slow")]
public sealed class CentralStoreFaultTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_console_on_a_central_store_answers_503_while_the_server_is_down_and_serves_again_when_it_is_back()
    {
        using var server = PostgresServer.StartPrivate();
        var central = server.NewDatabase("console");
        using var store = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Write, new SiteId("van-3"));
        new AccountService(store, new IdentityPasswordHashing(), new SignInThrottle(TimeProvider.System)).Add("op.one", Role.Operator, Password, "bootstrap");
        await using var console = await OperatorConsole.StartAsync(store, new ConsoleSettings { Listen = new Uri("http://127.0.0.1:0") });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        { BaseAddress = console.Address, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleAccessTests.SignIn(http, "op.one", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/deployments")).StatusCode);

        server.Kill();
        var down = await http.GetAsync("/api/deployments");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(down.Headers.RetryAfter);
        var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Matches("central store", problem.GetProperty("detail").GetString()!);
        Assert.DoesNotContain(Password, await down.Content.ReadAsStringAsync());

        server.Restart();
        var back = await http.GetAsync("/api/deployments");
        Assert.True(back.StatusCode == HttpStatusCode.OK, $"after the restart: {(int)back.StatusCode} {await back.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_run_whose_central_store_is_killed_stops_with_one_line_and_exit_6_and_is_closed_as_interrupted_later()
    {
        using var dir = new TempDir();
        using var server = PostgresServer.StartPrivate();
        var central = server.NewDatabase("run");
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir.Path)).Exit);
        string[] at = ["--store", central, "--site", "van-4", "--audit-key", dir["audit-signing-key.pem"]];
        var enrol = await Lfr.Run(Lfr.WithModels([.. (string[])["watchlist", "enroll", "--manifest", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir], .. at]));
        Assert.True(enrol.Exit == 0, enrol.ToString());
        var clip = LongClip(dir["long.mp4"]);

        using var run = Process.Start(Lfr.Process(null, Lfr.WithModels([.. (string[])["run", "--watchlist", "demo-watchlist", "--source", clip, "--threshold", "0"], .. at])))!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await UntilAlertsRecorded(central);
        server.Kill(); // immediate shutdown: a crash, or the link to headquarters lost
        Assert.True(run.WaitForExit(60_000), "the run stops when its store is gone");
        await stdout;
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(run.ExitCode == 6, $"exit {run.ExitCode}:\n{string.Join('\n', lines)}");
        var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1 && !lines.Any(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)), string.Join('\n', lines));
        Assert.Matches("(cannot reach|server stopped)", errors[0]);

        server.Restart();
        var head = await Lfr.Run(["audit", "head", .. at]);
        Assert.True(head.Exit == 0, head.ToString());
        using var reader = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Read, new SiteId("van-4"));
        Assert.Contains(reader.Audit.Entries(), e => e.Contains("\"type\":\"run.interrupted\"", StringComparison.Ordinal));
    }

    // The same street clip over and over: long enough that the server is killed while the run is still going.
    private static string LongClip(string path)
    {
        var source = SharedData.Dataset("videos", "intel-sample-videos_preview_face-demographics-walking.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-y", "-stream_loop", "150", "-i", source, "-c", "copy", path])
        { RedirectStandardError = true })!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, error);
        return path;
    }

    private static async Task UntilAlertsRecorded(string central)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            await using (var c = new NpgsqlConnection(central + ";Pooling=false"))
            {
                await c.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM alerts", c);
                if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 2) return;
            }
            await Task.Delay(200);
        }
        Assert.Fail("the run recorded no alerts in 90 s");
    }
}
