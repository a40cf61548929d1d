using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>Reads a still image as a BGR frame; greyscale and alpha images are converted.</summary>
internal sealed class ImageFileReader : IReferenceImageReader
{
    public IFrame Read(string path) => new MatFrame(ReadBgr(path), 0, TimeSpan.Zero);

    public static Mat ReadBgr(string path)
    {
        var bytes = ImageLimits.ReadBytes(path);
        var shown = FileKind.Show(path);
        OpenCvLog.Quiet();
        // ImDecode returns an empty Mat for bytes it cannot decode (a truncated JPEG, a text file).
        Mat mat;
        try { mat = Cv2.ImDecode(bytes, ImreadModes.Color); }
        catch (OpenCVException ex) { throw new LfrInputException($"{shown}: not a readable image ({ex.Message.Split('\n')[0]})", ex); }
        if (mat.Empty())
        {
            mat.Dispose();
            throw new LfrInputException($"{shown}: not a readable image (corrupt, truncated or not an image format OpenCV decodes)");
        }
        if ((long)mat.Width * mat.Height > ImageLimits.MaxPixels)
        {
            mat.Dispose();
            ImageLimits.RequirePixels(mat.Width, mat.Height, shown);
        }
        return mat;
    }
}
