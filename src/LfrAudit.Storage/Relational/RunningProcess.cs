using System.Diagnostics;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// Which process owns a run: host, pid and the process's start time (a pid alone can be reused by a later,
/// unrelated process after a kill).
/// </summary>
internal sealed record RunningProcess(string Host, int Pid, DateTimeOffset StartedAt)
{
    public static RunningProcess Current { get; } = Describe();

    private static RunningProcess Describe()
    {
        using var self = Process.GetCurrentProcess();
        return new RunningProcess(Environment.MachineName, self.Id, self.StartTime.ToUniversalTime());
    }

    public bool IsAlive()
    {
        try
        {
            using var p = Process.GetProcessById(Pid);
            return !p.HasExited && Math.Abs((p.StartTime.ToUniversalTime() - StartedAt.UtcDateTime).TotalSeconds) < 2;
        }
        catch (ArgumentException) { return false; }      // no such process
        catch (InvalidOperationException) { return false; }
    }
}
