using LfrAudit.Testing.Cameras;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LfrAudit.Cli.Output;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr serve: a live deployment's cameras in one service. The whole of it in one test: an RTSP camera and a
/// file camera together, tracked faces, an alert per track, a camera dropping and coming back while the
/// other carries on, SIGTERM ending it cleanly, then the deployment ended and its outcome counting people.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class ServeTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];
    private string DemoClip => Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi");

    public void Dispose() => _dir.Dispose();

    private async Task<LfrResult> Ok(string now, params string[] args)
    {
        var r = await Lfr.Run([.. args, "--db", Db, "--now", now]);
        Assert.True(r.Exit == 0, r.ToString());
        return r;
    }

    private Task LiveDeployment(string id, params string[] cameras) => Tests.LiveDeployment.In(seeded, _dir, id, cameras);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_rtsp_camera_and_a_file_camera_served_together_tracked_alerted_per_track_surviving_a_drop_and_stopped_by_SIGTERM()
    {
        await LiveDeployment("DEP-S", "van-1", "van-2");
        using var cameras = new LoopbackCameras();
        var rtsp = cameras.StartRtsp("van1", clip: DemoClip);

        var psi = Lfr.Process(null, Lfr.WithModels("serve", "DEP-S", "--camera", $"van-1={rtsp.Address}", "--camera", $"van-2={DemoClip}",
            "--status-every", "1", "--json", "--db", Db, "--now", seeded.Timeline.Now(10, 10, 30)));
        using var service = Process.Start(psi)!;
        // With --json standard output is the JSON alone; the status lines for people are on standard error.
        var lines = new ConcurrentQueue<string>();
        var stdout = new ConcurrentQueue<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.Enqueue(e.Data); };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        string Said() => string.Join("\n", lines) + "\n" + string.Join("\n", stdout);
        async Task Until(Func<bool> condition, int seconds, string what)
        {
            var waited = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.False(service.HasExited, $"the service ended while waiting for {what}:\n{Said()}");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(seconds), $"no {what} within {seconds} s:\n{Said()}");
                await Task.Delay(200);
            }
        }
        long FramesRead(string camera) => lines.Where(l => l.StartsWith($"{camera}: ", StringComparison.Ordinal) && l.Contains(" frames read"))
            .Select(l => long.Parse(l.Split(' ')[1])).DefaultIfEmpty(0).Max();

        // The file camera runs to its end; the RTSP camera, looping the same clip, raises alerts of its own meanwhile.
        await Until(() => lines.Any(l => l.StartsWith("van-2: completed", StringComparison.Ordinal)), 90, "end of the file camera");
        await Until(() => lines.Any(l => l.StartsWith("van-1: alert raised", StringComparison.Ordinal)), 90, "alert from the RTSP camera");

        // The RTSP camera drops (server killed): the service keeps running and the camera comes back when the server does.
        rtsp.Kill();
        await Task.Delay(3000);
        Assert.False(service.HasExited, Said());
        long before = FramesRead("van-1");
        rtsp.Start();
        await Until(() => FramesRead("van-1") > before + 20, 60, "frames after the camera came back");

        // SIGTERM: every run ends and is recorded; the service exits 0.
        using (var kill = Process.Start("kill", ["-TERM", service.Id.ToString()])) await kill.WaitForExitAsync();
        Assert.True(service.WaitForExit(30_000), "the service did not stop within 30 s of SIGTERM");
        service.WaitForExit();
        Assert.True(service.ExitCode == 0, $"exit {service.ExitCode}:\n{Said()}");
        Assert.Contains("service stopped: every camera's run ended and is recorded", lines);

        var json = JsonDocument.Parse(string.Join("\n", stdout)).RootElement; // the whole of standard output: nothing before or after the JSON
        var byCamera = json.GetProperty("cameras").EnumerateArray().ToDictionary(c => c.GetProperty("camera").GetString()!);
        Assert.Equal("cancelled", byCamera["van-1"].GetProperty("end").GetString());
        Assert.Equal("completed", byCamera["van-2"].GetProperty("end").GetString());
        Assert.Contains(byCamera["van-1"].GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("back after"));

        // Recorded per camera: one run each, ended, with counts that add up; an alert per track and candidate.
        using (var db = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false"))
        {
            db.Open();
            long Scalar(string sql) { using var c = db.CreateCommand(); c.CommandText = sql; return (long)c.ExecuteScalar()!; }
            Assert.Equal(2, Scalar("SELECT COUNT(*) FROM runs WHERE deployment_id = 'DEP-S' AND ended_at IS NOT NULL"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM runs r WHERE deployment_id = 'DEP-S' AND faces_seen != (SELECT COALESCE(SUM(faces_seen), 0) FROM face_counts f WHERE f.run_id = r.run_id)"));
            // The file camera: the clip's 10 people are 10 faces seen (tracks), from 200 detections, and its 3 watchlist people 3 alerts.
            Assert.Equal(10, Scalar("SELECT faces_seen FROM runs WHERE deployment_id = 'DEP-S' AND camera = 'van-2'"));
            Assert.Equal(200, Scalar("SELECT detections FROM runs WHERE deployment_id = 'DEP-S' AND camera = 'van-2'"));
            Assert.Equal(3, Scalar("SELECT COUNT(*) FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-S' AND r.camera = 'van-2'"));
            Assert.True(Scalar("SELECT COUNT(*) FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-S' AND r.camera = 'van-1'") >= 1);
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-S' AND a.track IS NULL"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM (SELECT a.run_id, track, candidate FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-S' GROUP BY a.run_id, track, candidate HAVING COUNT(*) > 1)"));
            Assert.True(Scalar("SELECT COUNT(*) FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-S' AND a.sightings > 1") >= 1);
        }

        // The deployment ends; its outcome report counts the people both cameras saw.
        await Ok(seeded.Timeline.Now(10, 18), "deployment", "end", "DEP-S", "--by", TestUsers.Supervisor);
        await Ok(seeded.Timeline.Now(11, 10), "deployment", "publish-outcome", "DEP-S", "--by", TestUsers.Supervisor);
        var figures = JsonDocument.Parse((await Ok(seeded.Timeline.Now(11, 10, 1), "deployment", "show", "DEP-S", "--json")).Out).RootElement.GetProperty("figures");
        using (var db = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "SELECT SUM(faces_seen) FROM runs WHERE deployment_id = 'DEP-S'";
            long people = (long)c.ExecuteScalar()!;
            Assert.Equal(people, figures.GetProperty("faces_seen").GetInt64());
            Assert.InRange(people, 11, 199); // both cameras' people, far fewer than their detections
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_service_refuses_what_a_run_would_refuse_before_any_camera_starts()
    {
        await LiveDeployment("DEP-R", "van-1");
        async Task<LfrResult> Serve(params string[] cameras) =>
            await Lfr.Run(Lfr.WithModels(["serve", "DEP-R", .. cameras.SelectMany(c => new[] { "--camera", c }), "--db", Db, "--now", seeded.Timeline.Now(10, 10, 30)]));

        var notOurs = await Serve($"van-9={DemoClip}");
        Assert.Equal(ExitCodes.BadInput, notOurs.Exit); // a deployment rule broken, as for lfr run
        Assert.Contains("camera 'van-9' is not one of deployment DEP-R's cameras", notOurs.Error);

        var twice = await Serve($"van-1={DemoClip}", $"van-1={DemoClip}");
        Assert.Equal(ExitCodes.BadInput, twice.Exit);
        Assert.Contains("camera 'van-1' is given twice", twice.Error);

        var shapeless = await Serve("rtsp://officer:hunter2@127.0.0.1:1/x");
        Assert.Equal(ExitCodes.BadInput, shapeless.Exit);
        Assert.Contains("expected NAME=SOURCE", shapeless.Error);
        Assert.DoesNotContain("hunter2", shapeless.Error);

        var unreachable = await Serve($"van-1=rtsp://officer:hunter2@127.0.0.1:{LoopbackCameras.FreePort()}/cam");
        Assert.Equal(ExitCodes.BadInput, unreachable.Exit);
        Assert.Contains("camera 'van-1': stream rtsp://", unreachable.Error);
        Assert.DoesNotContain("hunter2", unreachable.Error);

        // After the planned end, or once ended, nothing is served.
        var late = await Lfr.Run(Lfr.WithModels("serve", "DEP-R", "--camera", $"van-1={DemoClip}", "--db", Db, "--now", seeded.Timeline.Now(10, 18, 30)));
        Assert.Equal(ExitCodes.BadInput, late.Exit);
        Assert.Contains("planned end", late.Error);
        using var db = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false");
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT COUNT(*) FROM runs WHERE deployment_id = 'DEP-R'";
        Assert.Equal(0L, (long)c.ExecuteScalar()!); // refused before any camera started: no run recorded
    }
}
