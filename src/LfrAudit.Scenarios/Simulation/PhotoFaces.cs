using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>The face in each photo that may walk, found once by the detector (the largest, most confident one).</summary>
internal sealed class PhotoFaces(IFaceDetector detector)
{
    private readonly Dictionary<string, PhotoFace?> _found = new(StringComparer.Ordinal);
    private readonly IReferenceImageReader _reader = VisionAdapters.Images;

    public PhotoFace? Of(CrowdPhoto photo)
    {
        if (_found.TryGetValue(photo.Image, out var known)) return known;
        PhotoFace? face = null;
        try
        {
            using var frame = _reader.Read(photo.Image);
            if (detector.Detect(frame).OrderByDescending(f => f.Box.Width * f.Box.Height * f.Score).FirstOrDefault() is { } f && f.Box.Height >= 24)
                face = new PhotoFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height);
        }
        catch (LfrInputException) { } // an unreadable photo simply does not walk
        return _found[photo.Image] = face;
    }
}
