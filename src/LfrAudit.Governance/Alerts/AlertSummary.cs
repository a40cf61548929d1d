using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Alerts;

/// <summary>
/// An alert as a queue lists it: what was matched, where and when, and whether its evidence is still held, but never the
/// evidence itself. Reading one opens nothing sealed, so a queue of hundreds costs one query and no decryption.
/// </summary>
/// <param name="Deployment">The deployment the alert's run searched for; null for a run outside any deployment.</param>
/// <param name="EvidenceHeld">Whether the sealed crop and its key are still stored (false once purged).</param>
public sealed record AlertSummary(
    AlertId Id,
    RunId Run,
    DeploymentId? Deployment,
    CameraId Camera,
    long FrameIndex,
    DateTimeOffset CapturedAt,
    WatchlistEntryId Candidate,
    WatchlistCategory Category,
    float Score,
    Threshold Threshold,
    BoxF FaceBox,
    DateTimeOffset RaisedAt,
    string? Track,
    int Sightings,
    DateTimeOffset? LastSeenAt,
    bool EvidenceHeld);
