using System.Globalization;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Cli.Hosting;

/// <summary>
/// The --now clock: a simulation runs a deployment's days in minutes. It starts at the given time and moves
/// on with real time, so durations inside one command are still real.
/// </summary>
public sealed class SimulatedClock : IClock
{
    private readonly DateTimeOffset _start;
    private readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();

    public SimulatedClock(DateTimeOffset start) => _start = start;

    public SimulatedClock(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _start))
            throw new LfrInputException($"--now '{text}' is not a time: use ISO 8601, e.g. 2026-12-10T10:00:00Z");
    }

    public DateTimeOffset UtcNow => _start + _elapsed.Elapsed;
}
