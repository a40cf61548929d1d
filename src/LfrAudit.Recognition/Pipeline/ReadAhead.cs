using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// A recorded source's frames decoded on a thread of their own, a few ahead of the one being searched: decoding then
/// costs the searching thread nothing (a 720p MJPG frame took 5-6 ms to decode, measured on 2 cores). For a
/// loop that searches in one thread (an evaluation pass); the live pipeline has its own reading stage.
/// </summary>
public static class ReadAhead
{
    /// <summary>
    /// The frames of <paramref name="source"/> in order, at most <paramref name="depth"/> decoded ahead. A frame the
    /// caller never took (it stopped early, or reading failed) is disposed here; a failure to read is thrown to the caller
    /// after the frames read before it. Cancelled, the frames stop as the source's own do: without an exception.
    /// </summary>
    public static IEnumerable<IFrame> Frames(IFrameSource source, int depth = 2, CancellationToken cancellation = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var queue = new StageQueue<IFrame>(depth, dropOldest: false, null);
        Exception? failure = null;
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var frame in source.ReadFrames(stop.Token))
                {
                    try { queue.Add(frame, stop.Token); }
                    catch { frame.Dispose(); throw; }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception ex) { failure = ex; }
            finally { queue.Complete(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            while (!cancellation.IsCancellationRequested && queue.Take(out var frame, CancellationToken.None)) yield return frame;
        }
        finally
        {
            stop.Cancel();
            reader.Wait(CancellationToken.None);
            while (queue.TryTake(out var left)) left.Dispose();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
