using System.Diagnostics;

namespace LfrAudit.Cli.Composition;

/// <summary>Runs this same lfr as a child process (a site of its own for 'store bench'), collecting its output.</summary>
internal static class SelfProcess
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Started as 'dotnet lfr.dll': the child needs the dll too; started as the lfr executable, it does not.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(cancel);
        var stderr = p.StandardError.ReadToEndAsync(cancel);
        try { await p.WaitForExitAsync(cancel).ConfigureAwait(false); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw; }
        return (p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
