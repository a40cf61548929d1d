using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// Limits password guessing: after a number of failed attempts on one name, or from one address, within a window,
/// further attempts are refused without checking the password until the window has passed. Held in memory: a
/// restart forgets it, which costs an attacker a restart of the service they cannot cause.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, int maxFailures = 5, TimeSpan? window = null)
{
    private readonly TimeSpan _window = window ?? TimeSpan.FromMinutes(15);
    private readonly Dictionary<string, List<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool IsLocked(string name, string from)
    {
        lock (_gate) return Recent($"user:{name}") >= maxFailures || Recent($"from:{from}") >= maxFailures * 4;
    }

    public void Failed(string name, string from)
    {
        lock (_gate)
        {
            Add($"user:{name}");
            Add($"from:{from}");
        }
    }

    public void Succeeded(string name)
    {
        lock (_gate) _failures.Remove($"user:{name}");
    }

    private int Recent(string key)
    {
        if (!_failures.TryGetValue(key, out var times)) return 0;
        times.RemoveAll(t => clock.GetUtcNow() - t > _window);
        return times.Count;
    }

    private void Add(string key)
    {
        if (!_failures.TryGetValue(key, out var times)) _failures[key] = times = [];
        times.Add(clock.GetUtcNow());
    }
}
