namespace LfrAudit.Recognition.Detection;

/// <summary>
/// Decides which detected faces are good enough to search. A face below it is counted as seen but not
/// searchable and discarded like a non-match: searching a tiny or doubtful face only breeds false alerts.
/// </summary>
public sealed record QualityGate(int MinFaceSizePixels = 24, float MinDetectionScore = 0.75f)
{
    /// <summary>24 pixels and a detection score of 0.75: the gate every run uses unless told otherwise.</summary>
    public static readonly QualityGate Default = new();

    /// <summary>Whether the face is good enough to search.</summary>
    public bool Admits(DetectedFace face) =>
        face.Score >= MinDetectionScore && Math.Min(face.Box.Width, face.Box.Height) >= MinFaceSizePixels;
}
