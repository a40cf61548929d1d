
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>README promises ONNX Runtime's telemetry is off: nothing of it may appear in the user's folders after a run.</summary>
[Collection(SeededCollection.Name)]
public sealed class TelemetryTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_recognition_run_leaves_nothing_of_onnx_runtimes_telemetry_in_the_users_cache()
    {
        var db = seeded.CopyInto(_dir);
        var home = Directory.CreateDirectory(_dir["home"]).FullName;
        var frames = Directory.CreateDirectory(_dir["frames"]).FullName;
        File.Copy(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0002.jpg"), Path.Combine(frames, "0001.jpg"));
        // A fresh home and cache folder, as a new user account has: ONNX Runtime 1.31 queued its events under
        // ~/.cache/Microsoft/DeveloperTools/.onnxruntime (deviceid, onnxruntime.db) on every run.
        var env = new Dictionary<string, string> { ["HOME"] = home, ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache") };
        var r = await Lfr.RunProcess(env, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", frames, "--db", db));
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(home, "*", SearchOption.AllDirectories));
    }
}
