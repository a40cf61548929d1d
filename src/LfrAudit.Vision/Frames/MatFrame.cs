using LfrAudit.Core.Ports;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>
/// A frame whose pixels are an OpenCV Mat (8-bit BGR). Dispose wipes the pixels, then frees them, or gives them back
/// to the source's <see cref="FramePool"/> (which wipes them) to be read into again.
/// </summary>
public sealed class MatFrame(Mat image, long index, TimeSpan offset, FramePool? pool = null) : IFrame
{
    private Mat? _image = image;

    public Mat Image => _image ?? throw new ObjectDisposedException(nameof(MatFrame));
    public long Index { get; } = index;
    public TimeSpan Offset { get; } = offset;
    public int Width { get; } = image.Width;
    public int Height { get; } = image.Height;

    public static Mat Pixels(IFrame frame) => frame is MatFrame m
        ? m.Image
        : throw new ArgumentException($"the vision adapters need frames they decoded themselves, not {frame.GetType().Name}");

    public void Dispose()
    {
        var m = Interlocked.Exchange(ref _image, null);
        if (m is null) return;
        if (pool is not null)
        {
            pool.Return(m);
            return;
        }
        if (!m.IsDisposed && !m.Empty()) m.SetTo(Scalar.All(0));
        m.Dispose();
    }
}
