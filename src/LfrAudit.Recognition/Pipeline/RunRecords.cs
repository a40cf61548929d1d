using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>What a run is about to do, recorded before the first frame.</summary>
public sealed record RunStart(
    RunId Run,
    CameraId Camera,
    string Source,
    string WatchlistName,
    string WatchlistContentHash,
    int WatchlistEntries,
    Threshold Threshold,
    QualityGate Gate,
    string Sampling,
    string ModelId,
    DateTimeOffset StartedAt,
    DeploymentId? Deployment = null,
    string? ModelLicence = null);

/// <summary>
/// Counts of one camera for one minute: all that survives of the faces that were not alerts. A face seen is a
/// person (a track, counted when it ends); detections are the per-frame faces the detector found.
/// </summary>
public sealed record FaceCountMinute(RunId Run, CameraId Camera, DateTimeOffset Minute, int FacesSeen, int FacesSearched, int FacesNotSearchable, int Alerts,
    int Detections = 0);

public enum RunEnd { Completed, Cancelled, Failed, Interrupted, PlannedEndReached }

/// <summary>A run found unfinished after its process died, closed with the counts it had made durable.</summary>
public sealed record InterruptedRun(RunId Run, long FacesSeen, long FacesSearched, long AlertsRaised, DateTimeOffset ClosedAt);

public sealed record RunSummary(
    RunId Run,
    RunEnd End,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long FramesRead,
    long FramesSkippedBySampling,
    long FramesDroppedBehindLive,
    long FramesProcessed,
    long Detections,
    long FacesSeen,
    long FacesSearched,
    long FacesNotSearchable,
    long Searches,
    long AlertsRaised,
    long RepeatSightings,
    long NonMatchesDiscarded,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// How long the searching took, when that differs from the span the run covers: a file is read faster than it plays,
    /// and its run ends no earlier than its last frame's time (see <see cref="RecognitionPipeline"/>).
    /// </summary>
    public TimeSpan? ProcessingTime { get; init; }

    public TimeSpan Elapsed => ProcessingTime ?? EndedAt - StartedAt;
    public double FramesPerSecond => Elapsed.TotalSeconds > 0 ? FramesProcessed / Elapsed.TotalSeconds : 0;
}

/// <summary>A snapshot for a progress display.</summary>
public readonly record struct PipelineProgress(long FramesRead, long FramesProcessed, long FacesSeen, long AlertsRaised);

/// <summary>An alert's sightings as they stood when the person it was raised for left the camera's view.</summary>
public sealed record AlertSightingsUpdate(AlertId Alert, int Sightings, DateTimeOffset LastSeenAt, float BestScore);
