using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// A real scene to walk in: the per-pixel median of frames spread over a recorded clip, which keeps what stands
/// still (walls, shop fronts, floor) and drops people passing through. Faces that stood still long enough to
/// survive the median are blurred out, so no real passer-by is in the simulated crowd's footage.
/// </summary>
internal static class BackgroundPlate
{
    public static Mat FromVideo(string videoPath, int width, int height, IFaceDetector? faces, int samples = 15)
    {
        using var capture = new VideoCapture(videoPath);
        if (!capture.IsOpened()) throw new LfrInputException($"{videoPath}: cannot open as a video for a background");
        int count = Math.Max(1, capture.FrameCount);
        // Read straight through (seeking in H.264 decodes from the last key frame every time) and keep every k-th frame.
        int every = Math.Max(1, count / samples);
        var frames = new List<byte[]>();
        using var raw = new Mat();
        using var sized = new Mat(height, width, MatType.CV_8UC3);
        for (int i = 0; frames.Count < samples && capture.Read(raw) && !raw.Empty(); i++)
        {
            if (i % every != 0) continue;
            Cv2.Resize(raw, sized, new Size(width, height), 0, 0, InterpolationFlags.Area);
            var bytes = new byte[width * height * 3];
            System.Runtime.InteropServices.Marshal.Copy(sized.Data, bytes, 0, bytes.Length);
            frames.Add(bytes);
        }
        if (frames.Count == 0) throw new LfrInputException($"{videoPath}: no frames could be read for a background");

        var median = new byte[width * height * 3];
        int n = frames.Count;
        Parallel.For(0, height, row =>
        {
            Span<byte> column = stackalloc byte[n];
            for (int p = row * width * 3, last = p + width * 3; p < last; p++)
            {
                // Insertion sort: a handful of values per pixel.
                for (int f = 0; f < n; f++)
                {
                    byte v = frames[f][p];
                    int j = f - 1;
                    while (j >= 0 && column[j] > v) { column[j + 1] = column[j]; j--; }
                    column[j + 1] = v;
                }
                median[p] = column[n / 2];
            }
        });
        var plate = new Mat(height, width, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(median, 0, plate.Data, median.Length);
        if (faces is not null) BlurFaces(plate, faces);
        return plate;
    }

    /// <summary>Blurs every face the detector finds (with a margin) beyond recognition.</summary>
    public static int BlurFaces(Mat plate, IFaceDetector faces)
    {
        using var frame = new MatFrame(plate.Clone(), 0, TimeSpan.Zero);
        var found = faces.Detect(frame);
        foreach (var f in found)
        {
            var box = new Rect((int)(f.Box.X - f.Box.Width * 0.4f), (int)(f.Box.Y - f.Box.Height * 0.4f), (int)(f.Box.Width * 1.8f), (int)(f.Box.Height * 1.8f))
                .Intersect(new Rect(0, 0, plate.Width, plate.Height));
            if (box.Width < 2 || box.Height < 2) continue;
            using var roi = new Mat(plate, box);
            int k = Math.Max(3, (box.Height / 2) | 1);
            Cv2.GaussianBlur(roi, roi, new Size(k, k), 0);
        }
        return found.Count;
    }
}
