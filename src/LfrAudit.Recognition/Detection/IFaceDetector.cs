using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Detection;

/// <summary>Finds the faces in a frame, with the landmarks their alignment needs (a port: Vision's YuNet adapter).</summary>
public interface IFaceDetector
{
    /// <summary>All faces in the frame, best first, in frame pixel coordinates.</summary>
    IReadOnlyList<DetectedFace> Detect(IFrame frame);

    /// <summary>
    /// The same faces, written into a list the caller keeps from frame to frame (cleared first): what a stream of
    /// frames calls, so that detection allocates nothing a frame.
    /// </summary>
    void Detect(IFrame frame, List<DetectedFace> faces)
    {
        var found = Detect(frame);
        faces.Clear();
        for (int i = 0; i < found.Count; i++) faces.Add(found[i]);
    }
}
