using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// A face that reached the threshold against a watchlist entry. It waits for an operator; its evidence
/// (probe crop, scene and embedding) is the only biometric data the system ever keeps.
/// </summary>
public sealed record Alert(
    RunId Run,
    CameraId Camera,
    long FrameIndex,
    DateTimeOffset CapturedAt,
    WatchlistEntryId Candidate,
    WatchlistCategory Category,
    float Score,
    Threshold Threshold,
    BoxF FaceBox,
    byte[] ProbeCropJpeg,
    float[] ProbeEmbedding,
    string? Track = null)
{
    /// <summary>Times the alert's person was matched to its candidate, this sighting included (1 until the person has gone).</summary>
    public int Sightings { get; init; } = 1;
    /// <summary>When the person was last matched to the candidate (the capture time until the person has gone).</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>
    /// The frame the alert was raised in, small, the face boxed and everyone else de-identified (<see cref="IEvidenceEncoder.EncodeScene"/>):
    /// evidence, kept and deleted with the crop. Empty for an alert raised before scenes were kept.
    /// </summary>
    public byte[] SceneJpeg { get; init; } = [];

    /// <summary>
    /// The SHA-256 the log records for the alert's evidence: over the crop, the scene (when there is one) and the
    /// embedding's float32 bytes (<paramref name="embedding"/>), in that order, so an alert without a scene hashes as before scenes.
    /// </summary>
    public string EvidenceSha256(byte[] embedding) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. ProbeCropJpeg, .. SceneJpeg, .. embedding]));
}
