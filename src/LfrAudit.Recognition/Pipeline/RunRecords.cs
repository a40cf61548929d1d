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

/// <summary>How a recognition run ended.</summary>
public enum RunEnd
{
    /// <summary>The source ran out: a file read to its end.</summary>
    Completed,
    /// <summary>Stopped by the operator (Ctrl+C, the console).</summary>
    Cancelled,
    /// <summary>Stopped by a failure (the camera lost for good, a model error).</summary>
    Failed,
    /// <summary>Its process died; closed later with the counts it had made durable.</summary>
    Interrupted,
    /// <summary>Stopped at the deployment's planned end: no searching outside the advertised window.</summary>
    PlannedEndReached,
}

/// <summary>A run found unfinished after its process died, closed with the counts it had made durable.</summary>
public sealed record InterruptedRun(RunId Run, long FacesSeen, long FacesSearched, long AlertsRaised, DateTimeOffset ClosedAt);

/// <summary>What a run did, as its end records it: frames, faces, searches and alerts, and how it ended.</summary>
/// <param name="Run">The run.</param>
/// <param name="End">How it ended.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended (for a file: no earlier than its last frame's time).</param>
/// <param name="FramesRead">Frames the source gave.</param>
/// <param name="FramesSkippedBySampling">Frames the sampling rate left unsearched.</param>
/// <param name="FramesDroppedBehindLive">Live frames dropped because the pipeline was behind (never from a file).</param>
/// <param name="FramesProcessed">Frames detected in.</param>
/// <param name="Detections">Faces the detector found, frame by frame.</param>
/// <param name="FacesSeen">People seen: one per track, however many frames it spans.</param>
/// <param name="FacesSearched">People whose face was searched against the watchlist at least once.</param>
/// <param name="FacesNotSearchable">People whose face never met the quality gate (too small, too unsure).</param>
/// <param name="Searches">Searches made: a person may be searched in several of their frames.</param>
/// <param name="AlertsRaised">Alerts raised for an operator.</param>
/// <param name="RepeatSightings">Further sightings added to an alert already raised.</param>
/// <param name="NonMatchesDiscarded">Searches that matched no one, discarded in memory at once.</param>
/// <param name="Warnings">What the source or the pipeline warned of (a truncated file, a dropped stream).</param>
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

    /// <summary>Frames the detector ran on; the others were tracked by prediction alone (a detection cadence above 1).</summary>
    public long FramesDetected { get; init; }

    /// <summary>Near misses granted closer looks (<see cref="Tracking.CloserLooks"/>).</summary>
    public long CloserLooksGranted { get; init; }

    /// <summary>The time the figures per second are over: the searching's own, else the run's span.</summary>
    public TimeSpan Elapsed => ProcessingTime ?? EndedAt - StartedAt;
    /// <summary>Frames processed a second.</summary>
    public double FramesPerSecond => Elapsed.TotalSeconds > 0 ? FramesProcessed / Elapsed.TotalSeconds : 0;
}

/// <summary>A snapshot for a progress display.</summary>
public readonly record struct PipelineProgress(long FramesRead, long FramesProcessed, long FacesSeen, long AlertsRaised);

/// <summary>An alert's sightings as they stood when the person it was raised for left the camera's view.</summary>
public sealed record AlertSightingsUpdate(AlertId Alert, int Sightings, DateTimeOffset LastSeenAt, float BestScore);
