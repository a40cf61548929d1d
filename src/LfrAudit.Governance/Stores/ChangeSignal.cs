using System.Collections.Concurrent;

namespace LfrAudit.Governance.Stores;

/// <summary>
/// A count of changes and a wait for the next one, shared by everything in this process that opened the same store
/// (<see cref="For"/>): a pipeline's commit wakes the console at once when both run here, whatever connection each uses.
/// </summary>
public sealed class ChangeSignal
{
    private static readonly ConcurrentDictionary<string, ChangeSignal> ByStore = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private long _mark;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The one signal of the store at <paramref name="location"/> in this process.</summary>
    public static ChangeSignal For(string location) => ByStore.GetOrAdd(location, _ => new ChangeSignal());

    /// <summary>Changes seen so far.</summary>
    public long Mark
    {
        get { lock (_gate) return _mark; }
    }

    /// <summary>A change was committed: wakes everyone waiting.</summary>
    public void Pulse()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            _mark++;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>True once a change after <paramref name="mark"/> is seen; false on timeout or cancellation.</summary>
    public async Task<bool> WaitAsync(long mark, TimeSpan timeout, CancellationToken cancellation)
    {
        Task next;
        lock (_gate)
        {
            if (_mark > mark) return true;
            next = _next.Task;
        }
        try
        {
            await next.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) { return false; }
        catch (OperationCanceledException) { return false; }
    }
}

/// <summary>
/// A watch woken by a <see cref="ChangeSignal"/>: what every store's watch shares. A store whose other processes tell it
/// of changes another way (a LISTEN, a data version looked at) derives from it and pulses the signal when they do.
/// </summary>
public class SignalledChanges(ChangeSignal signal) : IStoreChanges
{
    /// <summary>The signal this watch waits on (and a derived watch pulses).</summary>
    protected ChangeSignal Signal { get; } = signal;

    /// <inheritdoc/>
    public long Mark => Signal.Mark;

    /// <inheritdoc/>
    public Task<bool> WaitAsync(long mark, TimeSpan timeout, CancellationToken cancellation) => Signal.WaitAsync(mark, timeout, cancellation);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops whatever a derived watch runs to hear other processes.</summary>
    protected virtual void Dispose(bool disposing) { }
}
