using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>How one run searches: whose it is, the threshold, the quality gate, sampling and tracking.</summary>
public sealed record PipelineOptions
{
    /// <summary>The run the alerts and counts are recorded under.</summary>
    public required RunId Run { get; init; }
    /// <summary>The camera (or recorded source) the frames come from.</summary>
    public required CameraId Camera { get; init; }
    /// <summary>The similarity at or above which a search alerts.</summary>
    public required Threshold Threshold { get; init; }
    /// <summary>The deployment this run belongs to, if any.</summary>
    public DeploymentId? Deployment { get; init; }

    /// <summary>The licence terms the user accepted to run the embedder (recorded with the run), or null for a model licensed for any use.</summary>
    public string? ModelLicence { get; init; }
    /// <summary>Which faces are good enough to search.</summary>
    public QualityGate Gate { get; init; } = QualityGate.Default;
    /// <summary>Which frames are searched.</summary>
    public FrameSampling Sampling { get; init; } = FrameSampling.All;
    /// <summary>How faces are followed from frame to frame and which of a person's frames are searched.</summary>
    public TrackingOptions Tracking { get; init; } = TrackingOptions.Default;

    /// <summary>
    /// Detect faces on one frame in this many (1-10) and track the frames between by prediction, detecting at once when
    /// tracking is unsettled (<see cref="DetectionCadence"/>). 1: every frame. Untracked sources detect every frame.
    /// </summary>
    public int DetectEvery { get; init; } = 1;

    /// <summary>Frames waiting between two stages. Small: it bounds memory and makes back-pressure bite early.</summary>
    public int StageCapacity { get; init; } = 2;

    /// <summary>
    /// Untracked sources only (a folder of images): a candidate seen again on the same camera within this time adds
    /// to the open alert's sightings instead of raising another alert. Tracked, an alert is raised per person.
    /// </summary>
    public TimeSpan RepeatAlertWindow { get; init; } = DefaultRepeatAlertWindow;

    /// <summary>Ten seconds: the repeat window when none is given.</summary>
    public static readonly TimeSpan DefaultRepeatAlertWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Face counts are committed at least this often (real time), not only when a minute closes, so a run that
    /// is killed loses at most this much of its counts.
    /// </summary>
    public TimeSpan CountCommitInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Recognition stops when the clock reaches this time: a deployment's planned end. Null: no limit.
    /// </summary>
    public DateTimeOffset? StopAt { get; init; }
}
