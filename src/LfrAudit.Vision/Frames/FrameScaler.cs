using LfrAudit.Recognition.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>A frame scaled to another size (area interpolation), for measuring a model at several resolutions ('lfr bench').</summary>
internal static class FrameScaler
{
    /// <summary>A new frame of the given size (index 0, offset 0); the caller disposes it.</summary>
    public static MatFrame Resized(IFrame frame, int width, int height)
    {
        var m = new Mat();
        Cv2.Resize(MatFrame.Pixels(frame), m, new Size(width, height), 0, 0, InterpolationFlags.Area);
        return new MatFrame(m, 0, TimeSpan.Zero);
    }
}
