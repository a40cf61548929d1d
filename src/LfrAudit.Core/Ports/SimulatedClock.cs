namespace LfrAudit.Core.Ports;

/// <summary>
/// A simulated clock: it starts at a chosen time and moves on with real time, so a simulation can run a
/// deployment's days in minutes while durations inside one step stay real.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : IClock
{
    private readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset UtcNow => Start + _elapsed.Elapsed;
}
