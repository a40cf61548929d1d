using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>
/// Picture buffers a source reuses from frame to frame (a 1080p picture is 6 MB, and its wrapper objects would be
/// garbage every frame). A frame given back is wiped before it is kept: it held whoever passed. Frames given back
/// after the source closed it are wiped and freed. The frame objects that carry the pictures are kept too (their
/// picture taken away), so a stream of frames allocates nothing. Thread-safe: frames come back from the pipeline's
/// last stage.
/// </summary>
internal sealed class FramePool(int keep = 16) : IDisposable
{
    private readonly Stack<Mat> _free = new();
    private readonly Stack<MatFrame> _frames = new();
    private bool _closed;

    /// <summary>A frame carrying <paramref name="picture"/> (rented from this pool), given back to it when disposed.</summary>
    public MatFrame Frame(Mat picture, long index, TimeSpan offset)
    {
        MatFrame? frame;
        lock (_free) _frames.TryPop(out frame);
        if (frame is null) return new MatFrame(picture, index, offset, this);
        frame.Carry(picture, index, offset);
        return frame;
    }

    /// <summary>Keeps a disposed frame object (its picture already given back) to carry a later picture.</summary>
    internal void Return(MatFrame frame)
    {
        lock (_free)
            if (!_closed && _frames.Count < keep) _frames.Push(frame);
    }

    /// <summary>A BGR picture buffer of the given size: a kept one if there is one, else a new one.</summary>
    public Mat Rent(int rows, int cols)
    {
        lock (_free)
        {
            while (_free.TryPop(out var mat))
            {
                if (mat.Rows == rows && mat.Cols == cols) return mat;
                mat.Dispose(); // the picture size changed (a camera reconnected at another size)
            }
        }
        return new Mat(rows, cols, MatType.CV_8UC3);
    }

    /// <summary>Takes a frame's picture back: wiped, then kept (or freed when enough are kept or the pool is closed).</summary>
    public void Return(Mat mat)
    {
        if (mat.IsDisposed) return;
        Native.OpenCvCalls.Wipe(mat);
        lock (_free)
        {
            if (!_closed && _free.Count < keep)
            {
                _free.Push(mat);
                return;
            }
        }
        mat.Dispose();
    }

    public void Dispose()
    {
        lock (_free)
        {
            _closed = true;
            while (_free.TryPop(out var mat)) mat.Dispose();
            _frames.Clear();
        }
    }
}
