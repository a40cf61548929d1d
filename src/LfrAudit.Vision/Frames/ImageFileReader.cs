using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>Reads a still image as a BGR frame; greyscale and alpha images are converted.</summary>
public sealed class ImageFileReader : IReferenceImageReader
{
    public IFrame Read(string path) => new MatFrame(ReadBgr(path), 0, TimeSpan.Zero);

    public static Mat ReadBgr(string path)
    {
        if (!File.Exists(path)) throw new LfrInputException($"{path}: image not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{path}: cannot read image: {ex.Message}", ex); }
        if (bytes.Length == 0) throw new LfrInputException($"{path}: image file is empty");
        // ImDecode returns an empty Mat for bytes it cannot decode (a truncated JPEG, a text file).
        var mat = Cv2.ImDecode(bytes, ImreadModes.Color);
        if (mat.Empty())
        {
            mat.Dispose();
            throw new LfrInputException($"{path}: not a readable image (corrupt, truncated or not an image format OpenCV decodes)");
        }
        return mat;
    }
}
