using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Governance.Audit.Published;

/// <summary>A recognition run as its site's log records it: its start, any threshold taken up, its faces counted and its end.</summary>
public sealed class RunHistory(Recorded<RunStarted> started)
{
    public string Id => Started.Event.Run;
    public Recorded<RunStarted> Started { get; } = started;
    public Recorded<ThresholdApplied>? LatestThresholdApplied { get; internal set; }
    public Recorded<RunEnded>? Ended { get; internal set; }
    public Recorded<RunInterrupted>? Interrupted { get; internal set; }

    /// <summary>Faces seen, summed over its camera-minutes.</summary>
    public long FacesCounted { get; internal set; }

    /// <summary>How it ended (as the store names it: completed, stopped, interrupted…), or null while open.</summary>
    public string? End => Ended?.Event.End ?? (Interrupted is null ? null : "interrupted");

    /// <summary>The faces seen its end recorded, or null while open.</summary>
    public long? FacesSeenAtEnd => Ended?.Event.FacesSeen ?? Interrupted?.Event.FacesSeen;

    /// <summary>The entry that closed it, else the one that started it.</summary>
    public long LatestEntry => Ended?.Seq ?? Interrupted?.Seq ?? Started.Seq;

    public double Threshold => LatestThresholdApplied?.Event.Threshold ?? Started.Event.Threshold;
}

/// <summary>An alert as its site's log records it: raised, and the operator's decision and the engagement outcome, if any.</summary>
public sealed class AlertHistory(Recorded<AlertRaised> raised)
{
    public Recorded<AlertRaised> Raised { get; } = raised;
    public Recorded<AlertAdjudicated>? Decision { get; internal set; }
    public Recorded<EngagementRecorded>? Engagement { get; internal set; }
}
