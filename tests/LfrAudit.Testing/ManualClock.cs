using LfrAudit.Core.Ports;

namespace LfrAudit.Testing;

/// <summary>
/// A clock that moves only when the test moves it (like NodaTime.Testing's FakeClock), optionally by a fixed
/// step each time it is read, so time-dependent rules are tested at exact instants.
/// </summary>
public sealed class ManualClock(DateTimeOffset start, TimeSpan? autoAdvance = null) : IClock
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
            {
                var now = _now;
                if (autoAdvance is { } step) _now += step;
                return now;
            }
        }
    }

    public void Advance(TimeSpan by) { lock (_gate) _now += by; }

    public void Set(DateTimeOffset to) { lock (_gate) _now = to; }
}
