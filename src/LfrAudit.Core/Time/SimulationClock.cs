using System.Diagnostics;

namespace LfrAudit.Core.Time;

/// <summary>
/// The one simulated clock: it reads a chosen time and runs on from there with real elapsed time, so durations inside a
/// step stay real, and the demo and the simulator move it explicitly from step to step (<see cref="MoveTo"/>), never
/// backwards. Everything that records a time takes a <see cref="TimeProvider"/>; a front end composes either the real
/// clock or one of these, once. Records made on it say so (<see cref="ClockKinds"/>).
/// </summary>
public sealed class SimulationClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _base;
    private long _baseTicks;

    /// <summary>A clock that reads <paramref name="start"/> now and runs on at real speed until it is moved.</summary>
    public SimulationClock(DateTimeOffset start)
    {
        _base = start.ToUniversalTime();
        _baseTicks = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _base + Stopwatch.GetElapsedTime(_baseTicks);
    }

    /// <summary>Moves the clock to <paramref name="to"/>, from where it runs on; a simulation's time only goes forward.</summary>
    public void MoveTo(DateTimeOffset to)
    {
        lock (_gate)
        {
            var now = _base + Stopwatch.GetElapsedTime(_baseTicks);
            if (to < now)
                throw new InvalidOperationException($"the simulation clock reads {now:O}: it cannot be moved back to {to:O}");
            _base = to.ToUniversalTime();
            _baseTicks = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Moves the clock on to <paramref name="to"/> if that is later than it reads; otherwise it runs on from where it is (a resumed step may find the clock already past its time).</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        lock (_gate)
        {
            if (to <= _base + Stopwatch.GetElapsedTime(_baseTicks)) return;
            _base = to.ToUniversalTime();
            _baseTicks = Stopwatch.GetTimestamp();
        }
    }
}
