using System.Diagnostics;
using System.Globalization;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>
/// How busy the machine's cores and this process were between two readings. The machine's figure comes from
/// /proc/stat (all processes: it counts the ffmpeg decoder a video runs in); elsewhere only this process is known.
/// </summary>
internal readonly record struct CpuTimes(double MachineBusy, double MachineTotal, TimeSpan Process, long At)
{
    public static CpuTimes Now()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var (busy, total) = ReadProcStat();
        return new CpuTimes(busy, total, self.TotalProcessorTime, Stopwatch.GetTimestamp());
    }

    /// <summary>Percent of all cores busy since <paramref name="before"/>: the machine's where known, else this process's.</summary>
    public double MachineBusyPercentSince(CpuTimes before) => MachineTotal > before.MachineTotal
        ? 100 * (MachineBusy - before.MachineBusy) / (MachineTotal - before.MachineTotal)
        : ProcessPercentSince(before);

    /// <summary>This process's CPU time over the wall time on all cores.</summary>
    public double ProcessPercentSince(CpuTimes before)
    {
        double wall = Stopwatch.GetElapsedTime(before.At, At).TotalSeconds * Environment.ProcessorCount;
        return wall <= 0 ? 0 : 100 * (Process - before.Process).TotalSeconds / wall;
    }

    // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal …" in clock ticks.
    private static (double Busy, double Total) ReadProcStat()
    {
        try
        {
            var first = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (first[0] != "cpu") return (0, 0);
            var ticks = first.Skip(1).Take(8).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            double idle = ticks[3] + ticks[4];
            return (ticks.Sum() - idle, ticks.Sum());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }
}
