using System.Text.Json;
using LfrAudit.Testing.Cameras;

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
    [Trait("Category", "Slow")]
    public async Task Two_live_cameras_are_searched_at_once_and_measured_into_json()
    {
        using var cameras = new LoopbackCameras();
        var addresses = cameras.StartWithScript(2);
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.StartsWith("rtsp://127.0.0.1:", a));

        var r = await Lfr.Run(Lfr.WithModels("bench", "--live", addresses[0], "--live", addresses[1], "--seconds", "15", "--detect-every", "3",
            "--out", _dir["live.json"]));
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
        Assert.True(j.GetProperty("rss_mi_b_every_five_seconds").GetArrayLength() >= 2, j.ToString());
        Assert.True(j.GetProperty("peak_rss_mi_b").GetDouble() > 50);
        Assert.Contains("alert latency", j.GetProperty("not_measured").GetString());
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
