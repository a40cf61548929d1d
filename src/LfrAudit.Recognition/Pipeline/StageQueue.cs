namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// The hand-over between two pipeline stages: a small bounded queue, one stage adding and the next taking, each on a
/// thread of its own that may block. Full, it makes the adding stage wait (a recorded source: back-pressure) or
/// drops its oldest item (a live source: <paramref name="dropped"/> is told, to wipe and count it). Nothing is
/// allocated once it exists, unlike a channel awaited from a blocking thread (a task for every wait).
/// A cancelled token is noticed within <see cref="CancelCheck"/> while waiting.
/// </summary>
internal sealed class StageQueue<T>(int capacity, bool dropOldest, Action<T>? dropped)
{
    private static readonly TimeSpan CancelCheck = TimeSpan.FromMilliseconds(50);

    private readonly T[] _items = new T[Math.Max(1, capacity)];
    private readonly object _gate = new();
    private int _head, _count;
    private bool _completed;

    /// <summary>Adds an item, waiting for room (or dropping the oldest when that is the queue's rule).</summary>
    public void Add(T item, CancellationToken token)
    {
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("the stage queue was completed");
            while (_count == _items.Length)
            {
                if (dropOldest)
                {
                    var oldest = _items[_head];
                    _items[_head] = default!;
                    _head = (_head + 1) % _items.Length;
                    _count--;
                    dropped?.Invoke(oldest);
                    break;
                }
                token.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, CancelCheck);
            }
            _items[(_head + _count) % _items.Length] = item;
            _count++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Takes the next item, waiting for one; false once the queue is completed and empty.</summary>
    public bool Take(out T item, CancellationToken token)
    {
        lock (_gate)
        {
            while (_count == 0)
            {
                if (_completed) { item = default!; return false; }
                token.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, CancelCheck);
            }
            item = TakeHead();
            return true;
        }
    }

    /// <summary>Takes an item if one is waiting now.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            if (_count == 0) { item = default!; return false; }
            item = TakeHead();
            return true;
        }
    }

    /// <summary>No more items will come: a waiting taker gets false once the queue is empty.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private T TakeHead()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        Monitor.PulseAll(_gate);
        return item;
    }
}
