using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Quality;

/// <summary>
/// Sharpness of a face as the variance of the Laplacian of its grey pixels, the face first averaged down (or
/// sampled up) to 64×64 so faces of any size compare. Computed over the frame's pixels directly, as OpenCV's
/// BGR2GRAY, INTER_AREA resize and 3×3 Laplacian with a reflected border would (within their rounding): it runs
/// for every face of every frame, and eight OpenCV calls a face cost eight native round trips and a dozen
/// wrapper objects. Its 64×64 working copy is a face's pixels: wiped after each call. Not thread-safe: one per
/// pipeline stage.
/// </summary>
internal sealed class LaplacianSharpness : IFaceSharpness, IDisposable
{
    private const int Side = 64;
    private readonly float[] _small = new float[Side * Side];
    private float[] _across = new float[Side * Side]; // each source row averaged into 64 columns

    public float Sharpness(IFrame frame, BoxF face)
    {
        var image = MatFrame.Pixels(frame);
        if (image.Type() != MatType.CV_8UC3) throw new ArgumentException("the frame is not 8-bit BGR", nameof(frame));
        var roi = Clamp(face, image.Width, image.Height);
        if (roi.Width < 2 || roi.Height < 2) return 0;
        try
        {
            Shrink(image, roi);
            return Variance(_small);
        }
        finally
        {
            Array.Clear(_small);
        }
    }

    // Each of the 64×64 cells is the mean grey of the source pixels it covers, weighted by how much of each it
    // covers (INTER_AREA; a face smaller than 64 px gives cells inside one pixel, which then take that pixel). The
    // weights are a product of a row's and a column's, so rows are averaged across first, then down.
    private unsafe void Shrink(Mat image, Rect roi)
    {
        var data = (byte*)image.Data;
        long step = image.Step();
        double sx = roi.Width / (double)Side, sy = roi.Height / (double)Side;
        if (_across.Length < roi.Height * Side) _across = new float[roi.Height * Side];
        Span<int> firstX = stackalloc int[Side + 1];
        for (int c = 0; c <= Side; c++) firstX[c] = Math.Min(roi.Width, (int)(c * sx));
        try
        {
            for (int y = 0; y < roi.Height; y++)
            {
                var row = data + (roi.Y + y) * step + roi.X * 3;
                for (int c = 0; c < Side; c++)
                {
                    double x0 = c * sx, x1 = x0 + sx, sum = 0;
                    for (int x = firstX[c]; x < x1 && x < roi.Width; x++)
                    {
                        var p = row + x * 3;
                        sum += (Math.Min(x1, x + 1) - Math.Max(x0, x)) * Grey(p[0], p[1], p[2]);
                    }
                    _across[y * Side + c] = (float)(sum / sx);
                }
            }
            for (int r = 0; r < Side; r++)
            {
                double y0 = r * sy, y1 = y0 + sy;
                for (int c = 0; c < Side; c++)
                {
                    double sum = 0;
                    for (int y = (int)y0; y < y1 && y < roi.Height; y++)
                        sum += (Math.Min(y1, y + 1) - Math.Max(y0, y)) * _across[y * Side + c];
                    // The 8-bit working image OpenCV would hold: rounded.
                    _small[r * Side + c] = (float)Math.Round(sum / sy, MidpointRounding.ToEven);
                }
            }
        }
        finally
        {
            Array.Clear(_across, 0, roi.Height * Side); // rows of a face's pixels
        }
    }

    // OpenCV's fixed-point BGR → grey for 8-bit pixels (0.114 B + 0.587 G + 0.299 R, in units of 2^-14).
    private static int Grey(byte b, byte g, byte r) => (b * 1868 + g * 9617 + r * 4899 + 8192) >> 14;

    // The 3×3 Laplacian (up + down + left + right − 4 × centre) with the border reflected about its edge pixel
    // (OpenCV's BORDER_REFLECT_101), and the population variance of the result.
    private static float Variance(float[] g)
    {
        double sum = 0, sumSq = 0;
        for (int r = 0; r < Side; r++)
        {
            int up = r == 0 ? 1 : r - 1, down = r == Side - 1 ? Side - 2 : r + 1;
            for (int c = 0; c < Side; c++)
            {
                int left = c == 0 ? 1 : c - 1, right = c == Side - 1 ? Side - 2 : c + 1;
                double lap = g[up * Side + c] + g[down * Side + c] + g[r * Side + left] + g[r * Side + right] - 4 * g[r * Side + c];
                sum += lap;
                sumSq += lap * lap;
            }
        }
        const double n = Side * Side;
        double mean = sum / n;
        return (float)Math.Max(0, sumSq / n - mean * mean);
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
        Array.Clear(_small);
        Array.Clear(_across);
    }
}
