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

    /// <summary>The --now clock as typed (no offset means UTC), bounded by <see cref="TimeBounds"/> against the real clock.</summary>
    public SimulatedClock(string text, DateTimeOffset realNow)
    {
        var shown = Core.Inputs.SafeText.Escape(text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _start))
            throw new LfrInputException($"--now '{shown}' is not a time: use ISO 8601, e.g. 2026-12-10T10:00:00Z");
        TimeBounds.RequireSimulation(_start, realNow, "--now", shown);
    }

    public DateTimeOffset UtcNow => _start + _elapsed.Elapsed;
}
