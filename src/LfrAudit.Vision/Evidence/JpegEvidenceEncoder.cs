using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Evidence;

/// <summary>
/// The images an operator sees with an alert: the probe crop (the face box with a margin) and the scene (the frame, small,
/// with the face boxed and everyone else de-identified), as JPEG.
/// </summary>
internal sealed class JpegEvidenceEncoder(float margin = 0.25f, int quality = 90) : IEvidenceEncoder
{
    /// <summary>The scene's longer side at most, in pixels: enough to see where someone stands, small to keep.</summary>
    public const int SceneLongSide = 640;

    /// <summary>Blocks along the scene's longer side outside the person: a face half the frame wide is a dozen blocks, no one's.</summary>
    public const int BackgroundBlocks = 24;

    /// <summary>Blocks across another detected face near the person: four, a blur of a face and never a face.</summary>
    public const int FaceBlocks = 4;

    public byte[] EncodeProbeCrop(IFrame frame, BoxF face)
    {
        var image = MatFrame.Pixels(frame);
        float mx = face.Width * margin, my = face.Height * margin;
        using var crop = new Mat(image, Clamp(face.X - mx, face.Y - my, face.Right + mx, face.Bottom + my, image.Size()));
        return crop.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
    }

    public byte[] EncodeScene(IFrame frame, BoxF face, IReadOnlyList<BoxF> others)
    {
        var image = MatFrame.Pixels(frame);
        float scale = MathF.Min(1f, SceneLongSide / (float)Math.Max(image.Width, image.Height));
        using var sharp = new Mat();
        Cv2.Resize(image, sharp, new Size(Math.Max(1, (int)MathF.Round(image.Width * scale)), Math.Max(1, (int)MathF.Round(image.Height * scale))), interpolation: InterpolationFlags.Area);
        // Everything starts blurred past recognition: down to a coarse grid and back. A face the detector missed is blurred
        // with the rest, since nothing outside the person is kept sharp.
        var scene = Coarsened(sharp, BackgroundBlocks);
        try
        {
            // The person, sharp: the face with a little margin and the body below it, narrow enough to leave a neighbour out.
            var person = Clamp((face.X - face.Width * 0.5f) * scale, (face.Y - face.Height * 0.3f) * scale,
                (face.Right + face.Width * 0.5f) * scale, (face.Bottom + face.Height * 4f) * scale, sharp.Size());
            using (var from = new Mat(sharp, person)) using (var to = new Mat(scene, person)) from.CopyTo(to);
            // Anyone else the detector found beside them is pixelated even there, but never over the person's own face.
            var own = Clamp(face.X * scale, face.Y * scale, face.Right * scale, face.Bottom * scale, sharp.Size());
            foreach (var other in others)
            {
                float mx = other.Width * 0.15f, my = other.Height * 0.15f;
                var region = Clamp((other.X - mx) * scale, (other.Y - my) * scale, (other.Right + mx) * scale, (other.Bottom + my) * scale, sharp.Size()) & person;
                if (region.Width <= 0 || region.Height <= 0) continue;
                using var part = new Mat(scene, region);
                using var pixelated = Coarsened(part, FaceBlocks);
                pixelated.CopyTo(part);
            }
            using (var from = new Mat(sharp, own)) using (var to = new Mat(scene, own)) from.CopyTo(to);
            Cv2.Rectangle(scene, own, new Scalar(0, 215, 255), Math.Max(2, (int)MathF.Round(scene.Width / 320f)));
            return scene.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 80));
        }
        finally { scene.Dispose(); }
    }

    // The picture at blocks.. along its longer side, brought back to its size: what is smaller than a block is gone.
    private static Mat Coarsened(Mat image, int blocks)
    {
        float step = Math.Max(image.Width, image.Height) / (float)blocks;
        using var coarse = new Mat();
        Cv2.Resize(image, coarse, new Size(Math.Max(1, (int)MathF.Round(image.Width / step)), Math.Max(1, (int)MathF.Round(image.Height / step))), interpolation: InterpolationFlags.Area);
        var back = new Mat();
        Cv2.Resize(coarse, back, image.Size(), interpolation: InterpolationFlags.Linear);
        return back;
    }

    private static Rect Clamp(float left, float top, float right, float bottom, Size size)
    {
        int x0 = Math.Clamp((int)MathF.Floor(left), 0, size.Width - 1), y0 = Math.Clamp((int)MathF.Floor(top), 0, size.Height - 1);
        int x1 = Math.Clamp((int)MathF.Ceiling(right), x0 + 1, size.Width), y1 = Math.Clamp((int)MathF.Ceiling(bottom), y0 + 1, size.Height);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }
}
