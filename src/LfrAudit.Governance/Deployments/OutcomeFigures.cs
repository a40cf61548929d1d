using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

/// <summary>A camera's run of a deployment: when it started, how it ended (null: still open), the faces it saw.</summary>
public sealed record DeploymentRun(RunId Run, CameraId Camera, Threshold Threshold, DateTimeOffset StartedAt, string? End, long FacesSeen)
{
    /// <summary>Still open: a camera running now, or a run whose process died and no command has closed yet.</summary>
    public bool Open => End is null;
}

/// <summary>
/// The counts an outcome report publishes. False alerts are the alerts an operator rejected; the false alert
/// rate is given against both denominators the public debate uses — faces seen, and alerts.
/// </summary>
public sealed record OutcomeFigures(
    long FacesSeen,
    long Alerts,
    long Confirmed,
    long Rejected,
    long Unsure,
    long NotAdjudicated,
    IReadOnlyDictionary<EngagementOutcome, long> Engagements,
    long RunsInterrupted = 0)
{
    /// <summary>
    /// The recognition models the deployment's runs used, as each run records them ("id@shorthash"), in ordinal order: what
    /// its outcome report names.
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Alerts an operator rejected.</summary>
    public long FalseAlerts => Rejected;
    /// <summary>Engagements that ended in an arrest.</summary>
    public long Arrests => Engagements.GetValueOrDefault(EngagementOutcome.Arrested);
    /// <summary>False alerts per face seen; null when no face was seen.</summary>
    public double? FalseAlertRatePerFaceSeen => FacesSeen == 0 ? null : FalseAlerts / (double)FacesSeen;
    /// <summary>False alerts per alert; null when there was no alert.</summary>
    public double? FalseAlertRatePerAlert => Alerts == 0 ? null : FalseAlerts / (double)Alerts;
}
