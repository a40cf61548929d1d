using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Evidence;

/// <summary>The probe crop an operator sees with an alert: the face box with a margin, as JPEG.</summary>
internal sealed class JpegEvidenceEncoder(float margin = 0.25f, int quality = 90) : IEvidenceEncoder
{
    public byte[] EncodeProbeCrop(IFrame frame, BoxF face)
    {
        var image = MatFrame.Pixels(frame);
        float mx = face.Width * margin, my = face.Height * margin;
        int x0 = Math.Clamp((int)MathF.Floor(face.X - mx), 0, image.Width - 1);
        int y0 = Math.Clamp((int)MathF.Floor(face.Y - my), 0, image.Height - 1);
        int x1 = Math.Clamp((int)MathF.Ceiling(face.Right + mx), x0 + 1, image.Width);
        int y1 = Math.Clamp((int)MathF.Ceiling(face.Bottom + my), y0 + 1, image.Height);
        using var crop = new Mat(image, new Rect(x0, y0, x1 - x0, y1 - y0));
        return crop.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
    }
}
