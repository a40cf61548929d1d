using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Ports;

public interface IFaceDetector
{
    /// <summary>All faces in the frame, best first, in frame pixel coordinates.</summary>
    IReadOnlyList<DetectedFace> Detect(IFrame frame);
}
