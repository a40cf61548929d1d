using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Testing;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// scripts/gpu-check.sh where there is no GPU: it stops at once with one line on standard error and exit 1, writes no
/// JSON and starts nothing. The GPU is what nvidia-smi says it is, so a stand-in nvidia-smi plays each way a machine
/// without one answers: none installed, the driver missing (a non-zero exit, whatever it prints), or no GPU listed (it
/// says so, or prints nothing or blanks).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GpuCheckScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-gpu-check-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_nvidia_smi_it_fails_in_one_line()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_dir, "tools")).FullName;
        // Only what the script needs before it looks for the GPU: no nvidia-smi anywhere on the path.
        foreach (var tool in new[] { "dirname", "realpath" }) File.CreateSymbolicLink(Path.Combine(tools, tool), Which(tool));
        AssertRefusedInOneLine(Run(tools), Path.Combine(_dir, "out.json"));
    }

    [Fact]
    public void Whatever_a_driverless_or_empty_nvidia_smi_answers_it_fails_in_one_line()
    {
        var answers = from exit in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 255))
                      from printed in Gen.Elements("", "\n", "   ", "No devices were found",
                          "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\nMake sure that the latest NVIDIA driver is installed and running.",
                          "GPU 0: <b>&amp;\u001b[31m</b>")
                      where exit != 0 || !ListsAGpu(printed)
                      select (exit, printed);
        var n = 0;
        Prop.ForAll(answers.ToArbitrary(), a =>
        {
            var tools = Directory.CreateDirectory(Path.Combine(_dir, $"tools-{n++}")).FullName;
            var stub = Path.Combine(tools, "nvidia-smi");
            File.WriteAllText(stub, $"#!/bin/sh\nprintf '%s' '{a.printed.Replace("'", "'\\''", StringComparison.Ordinal)}'\nexit {a.exit}\n");
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            var outFile = Path.Combine(tools, "out.json");
            AssertRefusedInOneLine(Run(tools + ":" + Environment.GetEnvironmentVariable("PATH"), outFile), outFile);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));
    }

    private static void AssertRefusedInOneLine((int Exit, string Stdout, string Stderr) run, string outFile)
    {
        Assert.Equal(1, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.Equal("gpu-check: no NVIDIA GPU on this machine (nvidia-smi lists none): nothing to check\n", run.Stderr);
        Assert.False(File.Exists(outFile));
    }

    private (int, string, string) Run(string path, string? outFile = null)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add(Repository.File("scripts", "gpu-check.sh"));
        start.ArgumentList.Add(outFile ?? Path.Combine(_dir, "out.json"));
        start.Environment["PATH"] = path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Refusing is immediate; a script that went on to build and benchmark is stopped, not waited for.
        if (!process.WaitForExit(30_000)) { process.Kill(entireProcessTree: true); Assert.Fail($"gpu-check.sh did not stop within 30 s: it went on ({stderr.Result.Split('\n')[0]})"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    // How nvidia-smi -L lists a GPU: "GPU 0: NVIDIA A10 (UUID: GPU-...)", one a line.
    private static bool ListsAGpu(string printed) => printed.Split('\n').Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^GPU [0-9]+:"));

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"{tool} is not installed");
}
