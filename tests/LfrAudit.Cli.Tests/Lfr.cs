using LfrAudit.Testing;
using System.Diagnostics;
using LfrAudit.Cli.Composition;

namespace LfrAudit.Cli.Tests;

public sealed record LfrResult(int Exit, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs lfr in-process (fast) or as a real child process (exit codes, environment, kill).</summary>
public static class Lfr
{
    public static string[] WithModels(params string[] args) => [.. args, "--models", SharedData.ModelsDir];

    public static async Task<LfrResult> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await LfrApp.RunAsync(args, stdout, stderr);
        return new LfrResult(exit, stdout.ToString(), stderr.ToString());
    }

    public static ProcessStartInfo Process(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lfr.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }

    public static Task<LfrResult> RunProcess(IReadOnlyDictionary<string, string>? environment, params string[] args) => RunProcessIn(null, environment, args);

    /// <summary>As a real child process, started in <paramref name="workingDirectory"/> (none: this process's).</summary>
    public static async Task<LfrResult> RunProcessIn(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = Process(environment, args);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new LfrResult(p.ExitCode, await o, await e);
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lfr-cli-").FullName;
    public string this[string name] => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
