using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Quality;

/// <summary>
/// Sharpness of a face as the variance of the Laplacian of its grey pixels, scaled to 64×64 first so faces of
/// any size compare. Its working copies are wiped after each call: they are a face's pixels. Not thread-safe:
/// one per pipeline stage.
/// </summary>
public sealed class LaplacianSharpness : IFaceSharpness, IDisposable
{
    private const int Side = 64;
    private readonly Mat _grey = new(), _small = new(), _edges = new();

    public float Sharpness(IFrame frame, BoxF face)
    {
        var image = MatFrame.Pixels(frame);
        var roi = Clamp(face, image.Width, image.Height);
        if (roi.Width < 2 || roi.Height < 2) return 0;
        try
        {
            using (var crop = new Mat(image, roi)) Cv2.CvtColor(crop, _grey, ColorConversionCodes.BGR2GRAY);
            Cv2.Resize(_grey, _small, new Size(Side, Side), interpolation: InterpolationFlags.Area);
            Cv2.Laplacian(_small, _edges, MatType.CV_32F);
            Cv2.MeanStdDev(_edges, out _, out var std);
            return (float)(std.Val0 * std.Val0);
        }
        finally
        {
            foreach (var m in (Mat[])[_grey, _small, _edges])
                if (!m.Empty()) m.SetTo(Scalar.All(0));
        }
    }

    private static Rect Clamp(BoxF b, int width, int height)
    {
        if (!float.IsFinite(b.X) || !float.IsFinite(b.Y) || !float.IsFinite(b.Width) || !float.IsFinite(b.Height)) return default;
        int x0 = Math.Clamp((int)b.X, 0, width), y0 = Math.Clamp((int)b.Y, 0, height);
        int x1 = Math.Clamp((int)Math.Ceiling(b.Right), 0, width), y1 = Math.Clamp((int)Math.Ceiling(b.Bottom), 0, height);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    public void Dispose()
    {
        _grey.Dispose();
        _small.Dispose();
        _edges.Dispose();
    }
}
