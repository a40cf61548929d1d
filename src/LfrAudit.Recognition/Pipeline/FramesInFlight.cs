using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// The <see cref="FrameInFlight"/> objects of one run: taken by the detect stage for each frame, given back by the
/// match stage (or when a run stops). No more exist than frames can be in flight at once. Thread-safe.
/// </summary>
internal sealed class FramesInFlight(int dimension) : IDisposable
{
    private readonly Stack<FrameInFlight> _free = new();
    private readonly List<FrameInFlight> _all = [];

    public FrameInFlight Take(IFrame frame)
    {
        FrameInFlight? item;
        lock (_free)
        {
            if (!_free.TryPop(out item))
            {
                item = new FrameInFlight(dimension);
                _all.Add(item);
            }
        }
        item.Carry(frame);
        return item;
    }

    /// <summary>Releases the item's frame and rows, and keeps the item for another frame.</summary>
    public void GiveBack(FrameInFlight item)
    {
        try { item.Release(); }
        finally { lock (_free) _free.Push(item); }
    }

    /// <summary>Releases every item, including any a stage still held when the run stopped.</summary>
    public void Dispose()
    {
        lock (_free)
        {
            foreach (var item in _all) item.Dispose();
            _all.Clear();
            _free.Clear();
        }
    }
}
