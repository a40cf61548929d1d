using System.Diagnostics;
using Npgsql;

namespace LfrAudit.Testing;

/// <summary>
/// A throwaway PostgreSQL server on 127.0.0.1, started by the repository's own scripts/postgres.sh. Tests share
/// one per test process (or the one $LFR_TEST_POSTGRES names, which scripts/test.sh starts for the whole run) and
/// get a fresh database each; a test that stops the server or reads its files starts a private one.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() =>
        Environment.GetEnvironmentVariable("LFR_TEST_POSTGRES") is { Length: > 0 } external ? new PostgresServer(external, null) : StartPrivate());

    /// <summary>The server this test process shares.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>The server's admin connection string (its maintenance database).</summary>
    public string Admin { get; }

    /// <summary>The data folder, when this process started the server (null for an external one).</summary>
    public string? DataDirectory { get; }

    private PostgresServer(string admin, string? dataDirectory)
    {
        Admin = admin;
        DataDirectory = dataDirectory;
    }

    /// <summary>Starts a server of this test's own in a new folder; stopped when disposed or when the test process exits.</summary>
    public static PostgresServer StartPrivate()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lfr-pg-{Guid.NewGuid():N}");
        // The script stops the server and removes its folder once this test process is gone, however it ends.
        var admin = Script("start", dir, "", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Trim();
        return new PostgresServer(admin, dir);
    }

    /// <summary>A new, empty database on this server; its connection string.</summary>
    public string NewDatabase(string prefix = "lfr")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        using (var c = new NpgsqlConnection(Admin + ";Pooling=false"))
        {
            c.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ToString();
    }

    /// <summary>Stops the server at once, as a crash or a pulled plug would (immediate shutdown).</summary>
    public void Kill() => Script("kill", DataDirectory ?? throw new InvalidOperationException("not this process's server"));

    /// <summary>Starts this (private) server again on the same port.</summary>
    public void Restart()
    {
        var port = new NpgsqlConnectionStringBuilder(Admin).Port;
        Script("start", DataDirectory ?? throw new InvalidOperationException("not this process's server"), port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Forces everything in memory out to the data files and the WAL onto a new segment (as the server would in time).</summary>
    public void Checkpoint(string database)
    {
        using var c = new NpgsqlConnection(database + ";Pooling=false");
        c.Open();
        foreach (var sql in new[] { "CHECKPOINT", "SELECT pg_switch_wal()", "CHECKPOINT" })
        {
            using var cmd = new NpgsqlCommand(sql, c);
            cmd.ExecuteNonQuery();
        }
    }

    private bool _stopped;

    public void Dispose()
    {
        if (_stopped || DataDirectory is null) return;
        _stopped = true;
        try { Script("stop", DataDirectory); } catch (InvalidOperationException) { }
    }

    private static string Script(params string[] args)
    {
        var script = Repository.File("scripts", "postgres.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new InvalidOperationException($"postgres.sh {string.Join(' ', args)}: timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"postgres.sh {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result.Trim()}");
        return stdout.Result;
    }
}
