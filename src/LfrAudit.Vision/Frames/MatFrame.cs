using LfrAudit.Recognition.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>
/// A frame whose pixels are an OpenCV Mat (8-bit BGR). Dispose wipes the pixels, then frees them, or gives them back
/// to the source's <see cref="FramePool"/> (which wipes them) to be read into again. A pooled frame object is itself
/// kept by its pool and carries a later frame: like an array from a pool, it is disposed once, by its last owner.
/// </summary>
internal sealed class MatFrame : IFrame
{
    private readonly FramePool? _pool;
    private Mat? _image;

    public MatFrame(Mat image, long index, TimeSpan offset, FramePool? pool = null)
    {
        _pool = pool;
        Carry(image, index, offset);
    }

    public Mat Image => _image ?? throw new ObjectDisposedException(nameof(MatFrame));
    public long Index { get; private set; }
    public TimeSpan Offset { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }

    /// <summary>Takes on a new picture (a pooled frame object reused by its pool).</summary>
    internal void Carry(Mat image, long index, TimeSpan offset)
    {
        Index = index;
        Offset = offset;
        Width = image.Width;
        Height = image.Height;
        _image = image;
    }

    public static Mat Pixels(IFrame frame) => frame is MatFrame m
        ? m.Image
        : throw new ArgumentException($"the vision adapters need frames they decoded themselves, not {frame.GetType().Name}");

    public void Dispose()
    {
        var m = Interlocked.Exchange(ref _image, null);
        if (m is null) return;
        if (_pool is not null)
        {
            _pool.Return(m);
            _pool.Return(this);
            return;
        }
        Native.OpenCvCalls.Wipe(m);
        m.Dispose();
    }
}
