using System.Text.Json;
using LfrAudit.Testing.Cameras;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr bench --live on real cameras: scripts/loopback-cameras.sh serves two looped copies of the 1080p street clip over
/// RTSP, and the benchmark searches both at once with a detection cadence, writing the figures a van's machine is judged
/// by (frames a second, drops behind live, cores, memory over time, allocation a frame) to JSON.
/// </summary>
public sealed class LiveBenchTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_recorded_clip_given_as_a_camera_ends_before_the_run_is_warm_and_its_figures_are_still_written()
    {
        // A file is read as fast as it decodes: it ends within the first 10 s (or within 2 s of that mark, too short a time
        // once warm to count), so there is no warm allocation to state.
        var r = await Lfr.Run(Lfr.WithModels("bench", "--live", SharedData.Dataset("videos", "facenet-pytorch_video.mp4"), "--seconds", "30",
            "--out", _dir["clip.json"]));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(File.ReadAllText(_dir["clip.json"])).RootElement;
        // No figure (left out, as every figure the run has none for), where a NaN once stopped the JSON being written at all.
        Assert.False(j.TryGetProperty("allocated_bytes_per_frame_warm", out var warm) && warm.ValueKind != JsonValueKind.Null, j.ToString());
        var camera = Assert.Single(j.GetProperty("per_camera").EnumerateArray());
        Assert.Equal("Completed", camera.GetProperty("end").GetString());
        Assert.Equal(camera.GetProperty("frames_read").GetInt64(), camera.GetProperty("frames_processed").GetInt64());
        Assert.True(camera.GetProperty("frames_processed").GetInt64() > 25, camera.ToString());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Two_live_cameras_are_searched_at_once_and_measured_into_json()
    {
        using var cameras = new LoopbackCameras();
        var addresses = cameras.StartWithScript(2);
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.StartsWith("rtsp://127.0.0.1:", a));

        // The cameras loop the street clip, and its people are the watchlist: whom each camera alerted for, and how soon.
        var r = await Lfr.Run(Lfr.WithModels("bench", "--live", addresses[0], "--live", addresses[1], "--seconds", "15", "--detect-every", "3",
            "--watchlist-from", SharedData.Dataset("videos", "facenet-pytorch_video.mp4"), "--out", _dir["live.json"]));
        Assert.True(r.Exit == 0, r.ToString());
        var j = JsonDocument.Parse(File.ReadAllText(_dir["live.json"])).RootElement;
        Assert.Equal(2, j.GetProperty("cameras").GetInt32());
        Assert.Equal(3, j.GetProperty("detect_every").GetInt32());
        var perCamera = j.GetProperty("per_camera").EnumerateArray().ToList();
        Assert.Equal(2, perCamera.Count);
        foreach (var camera in perCamera)
        {
            // Live frames arrive at the clip's 25 a second: some were searched, and on a cadence of 3 the detector saw fewer.
            long processed = camera.GetProperty("frames_processed").GetInt64(), detected = camera.GetProperty("frames_detected").GetInt64();
            Assert.True(processed > 25, camera.ToString());
            Assert.InRange(detected, 1, processed - 1);
            Assert.True(camera.GetProperty("faces_seen").GetInt64() > 0, camera.ToString());
        }
        Assert.True(j.GetProperty("frames_per_second_together").GetDouble() > 0);
        // And once warm (after 10 s of the 15), without the seconds the cameras took to be joined.
        Assert.True(j.GetProperty("frames_per_second_together_warm").GetDouble() > 0, j.ToString());
        Assert.InRange(j.GetProperty("cores_busy_percent_warm").GetDouble(), 0.1, 100);
        Assert.True(j.GetProperty("rss_mi_b_every_five_seconds").GetArrayLength() >= 2, j.ToString());
        Assert.True(j.GetProperty("peak_rss_mi_b").GetDouble() > 50);
        Assert.Contains("operators' console", j.GetProperty("not_measured").GetString());

        var alerts = j.GetProperty("alerts");
        int people = alerts.GetProperty("people_on_watchlist").GetInt32();
        Assert.InRange(people, 3, 20); // the clip's clear faces: a handful of passers-by, each once
        Assert.Equal(0.5, alerts.GetProperty("threshold").GetDouble()); // the default model's own threshold, not the random list's 0.99
        Assert.True(alerts.GetProperty("alerts_raised").GetInt64() > 0, alerts.ToString());
        Assert.InRange(alerts.GetProperty("people_alerted").GetInt32(), 1, people);
        var alerted = alerts.GetProperty("people_alerted_per_camera").EnumerateArray().Select(x => x.GetInt32()).ToList();
        var missed = alerts.GetProperty("people_missed_per_camera").EnumerateArray().Select(x => x.GetArrayLength()).ToList();
        Assert.Equal(2, alerted.Count);
        Assert.All(alerted.Zip(missed), c => Assert.Equal(people, c.First + c.Second));
        // Times are of the alerts once warm (after 10 s of the 15): on a loaded machine there may be none, and then no figure.
        if (alerts.GetProperty("alerts_timed_warm").GetInt64() > 0)
        {
            double median = alerts.GetProperty("median_milliseconds").GetDouble(), p95 = alerts.GetProperty("p95_milliseconds").GetDouble(),
                most = alerts.GetProperty("max_milliseconds").GetDouble();
            Assert.True(0 <= median && median <= p95 && p95 <= most && most < 60_000, alerts.ToString());
        }
        else Assert.False(alerts.TryGetProperty("median_milliseconds", out _), alerts.ToString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("folder")]
    [InlineData("not a video")]
    [InlineData("no face")]
    public async Task A_watchlist_clip_that_cannot_be_read_is_one_line_naming_it_before_any_camera_is_joined(string kind)
    {
        var clip = _dir["clip.mp4"];
        switch (kind)
        {
            case "empty": File.WriteAllBytes(clip, []); break;
            case "folder": Directory.CreateDirectory(clip); break;
            case "not a video": File.WriteAllText(clip, "<html>not a video</html>"); break;
            case "no face":
                using (var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=gray:s=320x240:d=1:r=10", clip])!)
                {
                    ffmpeg.WaitForExit();
                    Assert.Equal(0, ffmpeg.ExitCode);
                }
                break;
        }
        // No camera answers at this address: the clip is refused first, so its line is the one said.
        var r = await Lfr.Run(Lfr.WithModels("bench", "--live", $"rtsp://127.0.0.1:{LoopbackCameras.FreePort()}/none", "--seconds", "15",
            "--watchlist-from", clip, "--out", _dir["live.json"]));
        Assert.NotEqual(0, r.Exit);
        Assert.Single(r.ErrorLines);
        Assert.Contains("clip.mp4", r.ErrorLines[0]);
        Assert.False(File.Exists(_dir["live.json"]));

        // Without live cameras there is nothing to alert: refused, not ignored.
        var alone = await Lfr.Run(Lfr.WithModels("bench", "--watchlist-from", clip, "--out", _dir["live.json"]));
        Assert.NotEqual(0, alone.Exit);
        Assert.Contains("--watchlist-from is for live cameras", Assert.Single(alone.ErrorLines));
    }

    [Fact]
    public async Task A_camera_that_does_not_answer_is_one_line_and_no_file()
    {
        var r = await Lfr.Run(Lfr.WithModels("bench", "--live", $"rtsp://127.0.0.1:{LoopbackCameras.FreePort()}/none", "--seconds", "15", "--out", _dir["live.json"]));
        Assert.NotEqual(0, r.Exit);
        Assert.Single(r.ErrorLines);
        Assert.False(File.Exists(_dir["live.json"]));
    }
}
