using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing.Cameras;
using LfrAudit.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// From a camera's frame to the operator's page, in one run (issue 30): four RTSP cameras on loopback push the demo's
/// clip at 1080p and 25 frames a second, <c>lfr serve</c> searches them on a detection cadence of 3 decoded at 1280 (the
/// bench's four-camera load), and the console shows the alerts in Debian's Chromium. Every alert recorded reaches the
/// page; how long each took, from its frame being read to its card on the page, is written out (measured, not judged).
///
/// One clock for both ends: the service runs under libfaketime at a whole number of seconds ahead of this machine's clock
/// (its deployment is live on the test timeline's day 10), so a frame's captured_at less that offset is the moment, by
/// this machine's clock, the service read it; the page notes each card's arrival by the same clock.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SeededCollection.Name)] // not the timing collection: it asserts no time, and its figures are read from runs alone
public sealed class FrameToConsoleTests(SeededStore seeded) : IDisposable
{
    private const string Operator = "op.frame";
    private readonly TempDir _dir = new();

    private string DemoClip => Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_alert_of_four_live_cameras_reaches_the_page_and_each_is_timed_from_its_frame()
    {
        var t = seeded.Timeline;
        var path = await LiveDeployment.In(seeded, _dir, "DEP-F", "van-1", "van-2", "van-3", "van-4");
        var clock = new FakeTimeProvider(t.At(10, 10, 20));
        using var db = SqliteDatabase.Open(path, clock);
        AlertCardsOnPage.AddOperator(db, clock, Operator, "DEP-F");

        // The demo's clip as a 1080p camera at 25 frames a second, H.264 with a key frame every second (as cameras send).
        var clip = _dir["camera.mp4"];
        using (var encode = Process.Start("ffmpeg", ["-v", "error", "-y", "-i", DemoClip, "-vf", "scale=1920:1080,fps=25", "-an", "-c:v", "libx264",
                   "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", clip])!)
        {
            await encode.WaitForExitAsync();
            Assert.Equal(0, encode.ExitCode);
        }
        using var cameras = new LoopbackCameras();
        var addresses = cameras.StartWithScript(4, clip);

        await using var console = await OperatorConsole.StartAsync(db, new ConsoleSettings { Listen = new Uri("http://127.0.0.1:0") });
        using var pw = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(pw);
        var page = await Chromium.SignedInAsync(browser, console.Address, Operator, TestConsole.Password);
        await AlertCardsOnPage.WatchAsync(page);

        // The service's clock: this machine's, a whole number of seconds ahead, so that it reads day 10 at about 10:10:30.
        long ahead = (long)Math.Ceiling((t.At(10, 10, 30) - DateTimeOffset.UtcNow).TotalSeconds);
        // libfaketime preloaded into the service itself (not its wrapper, which would stand between it and SIGTERM).
        var library = Directory.GetDirectories("/usr/lib").Select(d => Path.Combine(d, "faketime", "libfaketime.so.1")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("libfaketime is not installed (Debian's faketime: bash scripts/setup.sh)");
        var psi = Lfr.Process(new Dictionary<string, string> { ["LD_PRELOAD"] = library, ["FAKETIME"] = $"+{ahead}" },
            Lfr.WithModels(["serve", "DEP-F", .. addresses.SelectMany((a, i) => new[] { "--camera", $"van-{i + 1}={a}" }),
                "--detect-every", "3", "--decode-size", "1280", "--db", path]));
        using var service = Process.Start(psi)!;
        var said = new ConcurrentQueue<string>();
        try
        {
            service.OutputDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
            service.ErrorDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
            service.BeginOutputReadLine();
            service.BeginErrorReadLine();
            await Task.Delay(TimeSpan.FromSeconds(30));
            Assert.False(service.HasExited, string.Join("\n", said));
            using (var term = Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync();
            Assert.True(service.WaitForExit(60_000), "the service did not stop within 60 s of SIGTERM");
            Assert.True(service.ExitCode == 0, string.Join("\n", said));
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
        }
        await Task.Delay(1500); // the last alerts' time to arrive

        var onPage = await AlertCardsOnPage.SeenAsync(page);
        var recorded = new Dictionary<long, (DateTimeOffset Captured, DateTimeOffset Raised)>();
        using (var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
        {
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = "SELECT a.alert_id, a.captured_at, a.raised_at FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-F'";
            using var r = q.ExecuteReader();
            while (r.Read())
                recorded[r.GetInt64(0)] = (DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture));
        }
        Assert.True(recorded.Count >= 4, $"the four cameras raised {recorded.Count} alerts:\n{string.Join("\n", said)}");
        var missing = recorded.Keys.Where(id => !onPage.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"alerts never on the page: {string.Join(", ", missing)}");

        // Timed over every alert, and over those once warm (frames from 10 s after the first alert's: models loaded, code
        // compiled, cameras joined), as the bench times its own. Read from a run with nothing else on the machine (as in
        // docs/benchmarks.md: dotnet test --filter FrameToConsoleTests --logger "console;verbosity=detailed").
        var warmFrom = recorded.Values.Min(a => a.Captured) + TimeSpan.FromSeconds(10);
        var toRecord = new List<double>();
        var toPage = new List<double>();
        var toPageWarm = new List<double>();
        foreach (var (id, (captured, raised)) in recorded)
        {
            double read = captured.ToUnixTimeMilliseconds() - ahead * 1000.0; // by this machine's clock
            toRecord.Add((raised - captured).TotalMilliseconds);
            toPage.Add(onPage[id] - read);
            if (captured >= warmFrom) toPageWarm.Add(onPage[id] - read);
            // The clocks agree: a card is on the page no sooner than its alert was recorded, and that after its frame.
            Assert.True(raised >= captured && onPage[id] >= raised.ToUnixTimeMilliseconds() - ahead * 1000.0 - 2,
                $"alert {id}: frame {captured:O}, recorded {raised:O}, on the page at {DateTimeOffset.FromUnixTimeMilliseconds(onPage[id]).AddSeconds(ahead):O} (service clock)");
        }
        string Figures(List<double> ms)
        {
            if (ms.Count == 0) return "none";
            ms.Sort();
            double Rank(double q) => ms[Math.Clamp((int)Math.Ceiling(q * ms.Count) - 1, 0, ms.Count - 1)];
            return string.Create(CultureInfo.InvariantCulture, $"{ms.Count} alerts, median {Rank(0.5):0} ms, 95th percentile {Rank(0.95):0} ms, longest {ms[^1]:0} ms");
        }
        Console.WriteLine($"four 1080p cameras at 25 fps (cadence 3, decoded at 1280): frame to page {Figures(toPage)}; once warm {Figures(toPageWarm)}; frame to record {Figures(toRecord)}");
    }
}
