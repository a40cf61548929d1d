namespace LfrAudit.Governance.Stores;

/// <summary>
/// Wakes a long-running reader (the console's alert stream) when its store may have changed, so it reads again only then
/// rather than asking over and over. Every alert raised or decided, and every assignment, is an audit entry; a change is a
/// commit that appended one, in this process or, through the store's own channel, in another.
/// </summary>
public interface IStoreChanges : IDisposable
{
    /// <summary>How many changes have been seen so far: take it before reading, then wait for one after it.</summary>
    long Mark { get; }

    /// <summary>
    /// True as soon as a change after <paramref name="mark"/> is seen (at once if one already was); false when
    /// <paramref name="timeout"/> passes first or <paramref name="cancellation"/> ends the wait.
    /// </summary>
    Task<bool> WaitAsync(long mark, TimeSpan timeout, CancellationToken cancellation);
}
