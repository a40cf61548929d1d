using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Governance.Audit.Published;

/// <summary>A recognition run as its site's log records it: its start, any threshold taken up, its faces counted and its end.</summary>
public sealed class RunHistory(Recorded<RunStarted> started)
{
    /// <summary>The run's id, as its start names it.</summary>
    public string Id => Started.Event.Run;

    /// <summary>Its start: camera, source, watchlist, threshold, quality gate and model.</summary>
    public Recorded<RunStarted> Started { get; } = started;

    /// <summary>The last threshold it took up after its deployment's changed; null if none.</summary>
    public Recorded<ThresholdApplied>? LatestThresholdApplied { get; internal set; }

    /// <summary>Its end, with how and its counts; null while open or if interrupted.</summary>
    public Recorded<RunEnded>? Ended { get; internal set; }

    /// <summary>Its closing after its process died; null unless that happened.</summary>
    public Recorded<RunInterrupted>? Interrupted { get; internal set; }

    /// <summary>Faces seen, summed over its camera-minutes.</summary>
    public long FacesCounted { get; internal set; }

    /// <summary>How it ended (as the store names it: completed, stopped, interrupted…), or null while open.</summary>
    public string? End => Ended?.Event.End ?? (Interrupted is null ? null : "interrupted");

    /// <summary>The faces seen its end recorded, or null while open.</summary>
    public long? FacesSeenAtEnd => Ended?.Event.FacesSeen ?? Interrupted?.Event.FacesSeen;

    /// <summary>The entry that closed it, else the one that started it.</summary>
    public long LatestEntry => Ended?.Seq ?? Interrupted?.Seq ?? Started.Seq;

    /// <summary>The threshold it searched at last: the latest taken up, else the one it started with.</summary>
    public double Threshold => LatestThresholdApplied?.Event.Threshold ?? Started.Event.Threshold;
}

/// <summary>An alert as its site's log records it: raised, and the operator's decision and the engagement outcome, if any.</summary>
public sealed class AlertHistory(Recorded<AlertRaised> raised)
{
    /// <summary>The alert as raised: run, camera, candidate, score, threshold and evidence hash.</summary>
    public Recorded<AlertRaised> Raised { get; } = raised;

    /// <summary>The operator's decision, the first logged; null while undecided.</summary>
    public Recorded<AlertAdjudicated>? Decision { get; internal set; }

    /// <summary>The officers' engagement outcome, the first logged; null while none is recorded.</summary>
    public Recorded<EngagementRecorded>? Engagement { get; internal set; }
}
