namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// How faces are followed from frame to frame. Times are source time (frame offsets), so the same settings
/// hold at any frame rate or sampling.
/// </summary>
public sealed record TrackingOptions
{
    /// <summary>The tracking every run uses unless told otherwise.</summary>
    public static readonly TrackingOptions Default = new();

    /// <summary>Whether faces are tracked at all. Off: every detection is its own track (the behaviour before tracking).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Detections at or above this score are matched to tracks first and may start a track (ByteTrack's high set).</summary>
    public float ConfidentScore { get; init; } = 0.75f;

    /// <summary>Least overlap (intersection over union) between a track's predicted box and a detection for them to be the same face.</summary>
    public float MinOverlap { get; init; } = 0.3f;

    /// <summary>A track not seen for this long has ended: the person has left (or been hidden too long to be sure it is them).</summary>
    public TimeSpan MaxLostTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A track is searched on at most this many of its frames: the first searchable one, then each clearly better one.</summary>
    public int MaxSearchesPerTrack { get; init; } = 3;

    /// <summary>A later frame of a track is searched again only if its quality beats the best searched so far by this factor.</summary>
    public float BetterFrameFactor { get; init; } = 1.25f;

    /// <summary>
    /// A track is searched again at least this often while it lasts, whatever the quality: if a track has passed
    /// from one person to another (two people crossing, a cut in recorded footage) the newcomer is still searched.
    /// </summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How a person's searches decide an alert: each frame on its own (the default), or also their mean embedding.</summary>
    public TrackRule Rule { get; init; } = TrackRule.BestFrame;

    /// <summary>
    /// A search whose best candidate falls at most this far below the threshold, without alerting, is a near miss: the track
    /// is searched on every frame it is detected in for <see cref="CloserLookTime"/> (<see cref="CloserLooks"/>).
    /// </summary>
    public float CloserLookMargin { get; init; } = 0.10f;

    /// <summary>How long (source time) after a near miss its track is searched on every frame it is detected in; zero: never.</summary>
    public TimeSpan CloserLookTime { get; init; } = TimeSpan.FromSeconds(2);

}
