using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Published;

/// <summary>
/// A deployment's life as its site's log records it: the plan and each step after it, and the documents published for
/// it. What a store's record of the deployment and everything published about it must agree with.
/// </summary>
public sealed class DeploymentHistory(Recorded<DeploymentPlanned> planned)
{
    private readonly List<Recorded<ThresholdChanged>> _thresholdChanges = [];
    private readonly Dictionary<string, Recorded<DocumentPublished>> _documents = new(StringComparer.Ordinal);

    /// <summary>The deployment's id, as its plan names it.</summary>
    public string Id => Planned.Event.Deployment;

    /// <summary>Its plan: the first deployment.planned entry with its id.</summary>
    public Recorded<DeploymentPlanned> Planned { get; } = planned;

    /// <summary>Its notice's publication, the first logged; null if none was.</summary>
    public Recorded<NoticePublished>? Notice { get; private set; }

    /// <summary>Its going live (watchlist frozen, threshold, any urgent override); null if it never did.</summary>
    public Recorded<DeploymentStarted>? Started { get; private set; }

    /// <summary>Its end; null while it has not ended.</summary>
    public Recorded<DeploymentEnded>? Ended { get; private set; }

    /// <summary>Its cancellation before going live, and why; null if it was not cancelled.</summary>
    public Recorded<DeploymentCancelled>? Cancelled { get; private set; }

    /// <summary>Its outcome report's publication; null before.</summary>
    public Recorded<OutcomePublished>? Outcome { get; private set; }

    /// <summary>Every change of its threshold, in log order.</summary>
    public IReadOnlyList<Recorded<ThresholdChanged>> ThresholdChanges => _thresholdChanges;

    /// <summary>The documents published for it, by kind (notice, outcome).</summary>
    public IReadOnlyDictionary<string, Recorded<DocumentPublished>> Documents => _documents;

    /// <summary>Where it stands by the furthest step logged (a cancellation outranks every other).</summary>
    public DeploymentState State =>
        Cancelled is not null ? DeploymentState.Cancelled
        : Outcome is not null ? DeploymentState.OutcomePublished
        : Ended is not null ? DeploymentState.Ended
        : Started is not null ? DeploymentState.Live
        : Notice is not null ? DeploymentState.NoticePublished
        : DeploymentState.Planned;

    /// <summary>The threshold in force: the last change's, else the planned one.</summary>
    public double Threshold => _thresholdChanges.Count > 0 ? _thresholdChanges[^1].Event.To : Planned.Event.Threshold;

    /// <summary>The entry of its latest step (what its state is read from).</summary>
    public long LatestStep => new long?[] { Planned.Seq, Notice?.Seq, Started?.Seq, Ended?.Seq, Cancelled?.Seq, Outcome?.Seq }.Max()!.Value;

    /// <summary>Takes in a step of this deployment; the first of each kind counts (the log's reading flags any repeat).</summary>
    internal void Take(AuditEntry entry, IAuditEvent step)
    {
        switch (step)
        {
            case NoticePublished n: Notice ??= new(entry, n); break;
            case DeploymentStarted s: Started ??= new(entry, s); break;
            case DeploymentEnded e: Ended ??= new(entry, e); break;
            case DeploymentCancelled c: Cancelled ??= new(entry, c); break;
            case OutcomePublished o: Outcome ??= new(entry, o); break;
            case ThresholdChanged t: _thresholdChanges.Add(new(entry, t)); break;
            case DocumentPublished d: _documents.TryAdd(d.Kind, new(entry, d)); break;
        }
    }
}
