using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// A real scene to walk in: the per-pixel median of frames spread over a recorded clip, which keeps what stands
/// still (walls, shop fronts, floor) and drops people passing through. Faces that stood still long enough to
/// survive the median are blurred out, so no real passer-by is in the simulated crowd's footage.
/// </summary>
public static class BackgroundPlate
{
    public static Mat FromVideo(string videoPath, int width, int height, IFaceDetector? faces, int samples = 15)
    {
        using var capture = new VideoCapture(videoPath);
        if (!capture.IsOpened()) throw new LfrInputException($"{videoPath}: cannot open as a video for a background");
        int count = Math.Max(1, capture.FrameCount);
        var frames = new List<byte[]>();
        using var raw = new Mat();
        using var sized = new Mat();
        for (int i = 0; i < samples; i++)
        {
            capture.Set(VideoCaptureProperties.PosFrames, (int)((long)i * count / samples));
            if (!capture.Read(raw) || raw.Empty()) continue;
            Cv2.Resize(raw, sized, new Size(width, height), 0, 0, InterpolationFlags.Area);
            var bytes = new byte[width * height * 3];
            sized.GetArray(out Vec3b[] pixels);
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()).CopyTo(bytes);
            frames.Add(bytes);
        }
        if (frames.Count == 0) throw new LfrInputException($"{videoPath}: no frames could be read for a background");

        var plate = new Mat(height, width, MatType.CV_8UC3);
        var median = new byte[width * height * 3];
        var column = new byte[frames.Count];
        for (int p = 0; p < median.Length; p++)
        {
            for (int f = 0; f < frames.Count; f++) column[f] = frames[f][p];
            Array.Sort(column);
            median[p] = column[column.Length / 2];
        }
        plate.SetArray(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Vec3b>(median).ToArray());
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
