using LfrAudit.Testing.Cameras;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>A closed SSH terminal sends SIGHUP: a live run ends as it does for SIGTERM, its end recorded, nothing left open.</summary>
[Collection(SeededCollection.Name)]
public sealed class HangUpTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, string EndState)> RunUntil(string signal, string db, string camera)
    {
        using var p = Process.Start(WithDefaultHangUp(Lfr.Process(null, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", camera, "--camera", "van-hup", "--db", db))))!;
        var said = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        // Until the run has started recording (its row is there), then the signal.
        var waited = Stopwatch.StartNew();
        while (Scalar(db, "SELECT COUNT(*) FROM runs WHERE camera = 'van-hup' AND ended_at IS NULL") == "0")
        {
            Assert.False(p.HasExited, "the run ended before the signal:\n" + string.Join("\n", said));
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the run never started:\n" + string.Join("\n", said));
            await Task.Delay(200);
        }
        await Task.Delay(1000);
        using (var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        Assert.True(p.WaitForExit(30_000), $"the run did not stop within 30 s of SIG{signal}");
        var end = Scalar(db, "SELECT COALESCE(end_state, 'still open') FROM runs WHERE camera = 'van-hup' ORDER BY started_at DESC LIMIT 1");
        Assert.Equal("0", Scalar(db, "SELECT COUNT(*) FROM runs WHERE camera = 'van-hup' AND ended_at IS NULL"));
        return (p.ExitCode, end);
    }

    // Started under nohup (as a runner may start the suite), SIGHUP is ignored, and an ignored signal is inherited: lfr
    // then rightly ignores it too. What is tested is a terminal's hang-up, so the run starts with SIGHUP's default
    // disposition (perl resets it and execs lfr in its place: the same process id).
    private static ProcessStartInfo WithDefaultHangUp(ProcessStartInfo lfr)
    {
        var psi = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-e", "$SIG{HUP} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"", lfr.FileName }) psi.ArgumentList.Add(a);
        foreach (var a in lfr.ArgumentList) psi.ArgumentList.Add(a);
        foreach (var (k, v) in lfr.Environment) psi.Environment[k] = v;
        return psi;
    }

    private static string Scalar(string db, string sql)
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Sighup_ends_a_live_run_as_sigterm_does_with_its_end_recorded()
    {
        var db = seeded.CopyInto(_dir);
        using var cameras = new LoopbackCameras();
        var rtsp = cameras.StartRtsp("hup", clip: Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi"));
        var term = await RunUntil("TERM", db, rtsp.Address);
        var hup = await RunUntil("HUP", db, rtsp.Address);
        Assert.Equal(term, hup);
        Assert.Equal(Output.ExitCodes.Cancelled, hup.Exit); // 130, as README's exit-code table says
        Assert.NotEqual("still open", hup.EndState);
    }
}
