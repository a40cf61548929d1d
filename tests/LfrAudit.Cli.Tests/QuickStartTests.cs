using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// README's quick start for each role, run as written in a clean clone of the repository: the demo first (as
/// scripts/demo.sh runs it), then every command of the role's block in bash, each of which must succeed. scripts/lfr
/// runs the lfr these tests were built with (LFR_DLL) rather than building the clone again. A command that serves until
/// stopped (the console) is started, must answer on its address, and is stopped; its port is swapped for a free one.
/// </summary>
[Trait("Category", "Dates")]
[Trait("Category", "Slow")]
public sealed partial class QuickStartTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<string> Commands(string role)
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var block = Regex.Match(readme, $"```bash {role}\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"README has no quick start for {role}");
        // A command continues onto the next line after a backslash.
        return block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<(int Exit, string Output)> Bash(string clone, string command, TimeSpan limit)
    {
        var psi = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", command]) { WorkingDirectory = clone, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["LFR_DLL"] = Path.Combine(AppContext.BaseDirectory, "lfr.dll");
        psi.Environment["LFR_MODELS_DIR"] = SharedData.ModelsDir;
        psi.Environment["LFR_DATASETS_DIR"] = SharedData.DatasetsDir;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"'{command}' ran over {limit}"); }
        return (p.ExitCode, await o + await e);
    }

    [Theory]
    [InlineData("tester")]
    [InlineData("iag")]
    [InlineData("communications")]
    [InlineData("operator")]
    public async Task A_roles_quick_start_runs_as_written_in_a_clean_clone(string role)
    {
        var clone = _dir["clone"];
        var git = await Bash(_dir.Path, $"git clone -q '{Repository.Root}' clone", TimeSpan.FromMinutes(2));
        Assert.True(git.Exit == 0, git.Output);
        var demo = await Bash(clone, "scripts/lfr demo --out demo-output", TimeSpan.FromMinutes(5));
        Assert.True(demo.Exit == 0, demo.Output);

        foreach (var command in Commands(role))
        {
            if (command.StartsWith("scripts/lfr console", StringComparison.Ordinal))
            {
                await Serves(clone, command);
                continue;
            }
            var r = await Bash(clone, command, TimeSpan.FromMinutes(5));
            Assert.True(r.Exit == 0, $"{role}: '{command}' exited {r.Exit}\n{r.Output}");
        }
    }

    private async Task Serves(string clone, string command)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("bash", ["-c", "exec " + command.Replace(":8080", $":{port}", StringComparison.Ordinal)])
        { WorkingDirectory = clone, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["LFR_DLL"] = Path.Combine(AppContext.BaseDirectory, "lfr.dll");
        using var p = Process.Start(psi)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? status = null;
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && !p.HasExited)
            {
                try { status = (await http.GetAsync($"http://127.0.0.1:{port}/login")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            Assert.True(status == HttpStatusCode.OK, $"'{command}' did not answer on its address (exited: {p.HasExited})");
        }
        finally { if (!p.HasExited) p.Kill(entireProcessTree: true); }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
