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
    private readonly Dictionary<string, DateTimeOffset> _lockRecorded = new(StringComparer.Ordinal);

    /// <summary>Names and addresses remembered at most; beyond it the expired are forgotten, then the oldest (a flood of new names cannot fill memory).</summary>
    public const int MaxRemembered = 20_000;
    private readonly Lock _gate = new();

    private bool Locked(string name, string from) => Recent($"user:{name}") >= maxFailures || Recent($"from:{Address(from)}") >= maxFailures * 4;

    /// <summary>
    /// Takes an attempt: false if the name or address is locked; otherwise it counts as failed until <see cref="Succeeded"/>
    /// says otherwise — decided under one lock, so attempts sent all at once cannot all pass the check before any fails.
    /// </summary>
    public bool TryAttempt(string name, string from)
    {
        lock (_gate)
        {
            if (Locked(name, from)) return false;
            Add($"user:{name}");
            Add($"from:{Address(from)}");
            return true;
        }
    }

    // IPv6 hosts are given a /64 each: an address is counted by its /64, or one host would hold 2^64 fresh addresses.
    private static string Address(string from) =>
        System.Net.IPAddress.TryParse(from, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !ip.IsIPv4MappedToIPv6
            ? Convert.ToHexString(ip.GetAddressBytes().AsSpan(0, 8)) + "::/64"
            : from;



    /// <summary>
    /// Whether a refusal while locked is the first for this name or address in the window: only that one is recorded,
    /// so hammering a locked form writes nothing more into the append-only log.
    /// </summary>
    public bool FirstRefusalWhileLocked(string name, string from)
    {
        lock (_gate)
        {
            var key = Recent($"user:{name}") >= maxFailures ? $"user:{name}" : $"from:{Address(from)}";
            if (_lockRecorded.TryGetValue(key, out var at) && clock.GetUtcNow() - at <= _window) return false;
            if (_lockRecorded.Count >= MaxRemembered) Forget(_lockRecorded, v => v);
            _lockRecorded[key] = clock.GetUtcNow();
            return true;
        }
    }

    /// <summary>The attempt taken for this name and address succeeded: the name's failures are forgotten, and the address's count loses that one.</summary>
    public void Succeeded(string name, string from)
    {
        lock (_gate)
        {
            _failures.Remove($"user:{name}");
            if (_failures.TryGetValue($"from:{Address(from)}", out var times) && times.Count > 0) times.RemoveAt(times.Count - 1);
        }
    }

    private int Recent(string key)
    {
        if (!_failures.TryGetValue(key, out var times)) return 0;
        times.RemoveAll(t => clock.GetUtcNow() - t > _window);
        return times.Count;
    }

    private void Add(string key)
    {
        if (!_failures.ContainsKey(key) && _failures.Count >= MaxRemembered) Forget(_failures, v => v.Count == 0 ? DateTimeOffset.MinValue : v[^1]);
        if (!_failures.TryGetValue(key, out var times)) _failures[key] = times = [];
        times.Add(clock.GetUtcNow());
    }

    // Expired entries first; if that is not enough, the least recently seen half.
    private void Forget<T>(Dictionary<string, T> entries, Func<T, DateTimeOffset> lastSeen)
    {
        var now = clock.GetUtcNow();
        foreach (var key in entries.Where(e => now - lastSeen(e.Value) > _window).Select(e => e.Key).ToList()) entries.Remove(key);
        if (entries.Count < MaxRemembered) return;
        foreach (var key in entries.OrderBy(e => lastSeen(e.Value)).Take(entries.Count / 2).Select(e => e.Key).ToList()) entries.Remove(key);
    }
}
