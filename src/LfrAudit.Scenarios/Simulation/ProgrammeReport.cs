using LfrAudit.Evaluation.FieldTrials;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// A projection checked: false alerts the deployment should have expected (from the same people's stills searched as
/// an image set, scaled to its footfall and watchlist), the 95 % range of the count, and how many it had.
/// </summary>
public sealed record ProjectionCheck(double MeasuredFpir, double ExpectedFalseAlerts, long Low, long High, int ObservedFalseAlerts,
    double ExpectedTrueAlerts, int ObservedTrueAlerts)
{
    /// <summary>The observed false alerts fall in the projection's 95 % range.</summary>
    public bool Within => ObservedFalseAlerts >= Low && ObservedFalseAlerts <= High;
}

/// <summary>
/// One deployment set against its truth (the watchlist as asked for and as enrolled: the rules refuse some photos): who passed (and how many were on the watchlist), what the system counted,
/// its alerts split into true and false by the truth, the watchlisted people it alerted for and missed, the
/// operators' decisions right and wrong, arrests, whether the notice and the outcome report were on time, and the
/// projection check.
/// </summary>
public sealed record DeploymentFigures(
    string Id, string Location, string Date, int Cameras, double FootageMinutes, double Threshold, int WatchlistSize, int WatchlistEnrolled,
    int Passers, int WatchlistedPassers, long FacesSeen, int Alerts, int TrueAlerts, int FalseAlerts, int UnexplainedAlerts,
    int WatchlistedAlerted, int WatchlistedMissed, int ConfirmedRightly, int ConfirmedWrongly, int RejectedRightly, int RejectedWrongly,
    long Arrests, bool NoticeOnTime, bool OutcomeOnTime, ProjectionCheck Projection);

/// <summary>A location of the programme and the recorded scene its crowds were filmed in front of.</summary>
/// <param name="Location">The location's public name.</param>
/// <param name="Scene">The scene: a clip under the datasets folder, by its path there.</param>
/// <param name="Horizon">Where the scene's floor vanishes, as a height in the frame (0 the top, 1 the bottom).</param>
/// <param name="Descent">How far below the horizon a near face is, as a fraction of the frame's height.</param>
public sealed record LocationScene(string Location, string Scene, double Horizon, double Descent);

/// <summary>The programme report: every deployment, the totals, evidence still held at the close, the field-trial analysis and the files written.</summary>
/// <param name="Scenes">Each location's scene, as the scenario gave it.</param>
public sealed record ProgrammeReport(
    string Scenario,
    int Seed,
    double OperatorErrorRate,
    IReadOnlyList<DeploymentFigures> Deployments,
    int EvidenceStillHeld,
    int ProjectionsWithin,
    FieldTrialReport FieldTrial,
    string JsonPath,
    string HtmlPath,
    IReadOnlyList<string> Plots,
    IReadOnlyList<LocationScene>? Scenes = null)
{
    /// <summary>The threshold most of the programme's deployments used: the DET marks and group plots are at it (NaN: not given).</summary>
    public double OperatingThreshold { get; init; } = double.NaN;

    /// <summary>People who walked past the cameras, over every deployment.</summary>
    public int Passers => Deployments.Sum(d => d.Passers);
    /// <summary>Alerts raised, over every deployment.</summary>
    public int Alerts => Deployments.Sum(d => d.Alerts);
    /// <summary>Alerts for the person who was there.</summary>
    public int TrueAlerts => Deployments.Sum(d => d.TrueAlerts);
    /// <summary>Alerts for someone who was not there.</summary>
    public int FalseAlerts => Deployments.Sum(d => d.FalseAlerts);
    /// <summary>Alerts the scripted operators decided wrongly, either way.</summary>
    public int OperatorErrors => Deployments.Sum(d => d.ConfirmedWrongly + d.RejectedWrongly);
}
