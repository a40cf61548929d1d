namespace LfrAudit.Application.Supervision;

/// <summary>One operator's decisions: how many of each, and how long alerts waited for them (raised to decided).</summary>
/// <param name="Operator">The operator's user name.</param>
/// <param name="Confirmed">Alerts they confirmed.</param>
/// <param name="Rejected">Alerts they rejected.</param>
/// <param name="Unsure">Alerts they marked unsure.</param>
/// <param name="MedianToDecide">The median time from an alert being raised to their decision.</param>
/// <param name="LongestToDecide">The longest such time.</param>
public sealed record OperatorDecisions(string Operator, int Confirmed, int Rejected, int Unsure, TimeSpan MedianToDecide, TimeSpan LongestToDecide)
{
    /// <summary>Every decision they made.</summary>
    public int Decisions => Confirmed + Rejected + Unsure;
}

/// <summary>An alert no operator has decided yet, and how long it has waited.</summary>
/// <param name="Alert">The alert's number.</param>
/// <param name="Camera">The camera that raised it.</param>
/// <param name="Deployment">Its run's deployment (null: a run outside any deployment).</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="Waiting">How long it has waited, to the overview's time.</param>
public sealed record WaitingAlert(long Alert, string Camera, string? Deployment, DateTimeOffset RaisedAt, TimeSpan Waiting)
{
    /// <summary>Whether it has waited longer than an alert should (<see cref="SupervisorOverview.WaitingTooLong"/>).</summary>
    public bool TooLong => Waiting > SupervisorOverview.WaitingTooLong;
}

/// <summary>A change of a deployment's threshold, as recorded.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="From">The threshold before.</param>
/// <param name="To">The threshold after.</param>
/// <param name="By">Who changed it.</param>
/// <param name="Reason">Why, in their words.</param>
/// <param name="At">When.</param>
public sealed record ThresholdChangeView(string Deployment, double From, double To, string By, string Reason, DateTimeOffset At);

/// <summary>A camera of a planned or live deployment: whether it is searching now, and at what threshold.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="Camera">The camera.</param>
/// <param name="Threshold">The threshold its open run searches at (null when not running).</param>
public sealed record CameraState(string Deployment, string Camera, double? Threshold)
{
    /// <summary>Whether a recognition run is open on it.</summary>
    public bool Running => Threshold is not null;
}

/// <summary>
/// What a supervisor oversees at a glance: each operator's decisions and their speed, the alerts waiting (oldest first,
/// those waiting too long marked), every threshold change of the deployments in hand, and each camera's state.
/// </summary>
/// <param name="At">The time the overview was taken (the store's clock).</param>
/// <param name="Decisions">Each operator who decided an alert, by name.</param>
/// <param name="Waiting">Alerts waiting for a decision, oldest first.</param>
/// <param name="ThresholdChanges">Threshold changes of planned, published and live deployments, newest first.</param>
/// <param name="Cameras">Each camera of a planned, published or live deployment.</param>
public sealed record SupervisorOverview(DateTimeOffset At, IReadOnlyList<OperatorDecisions> Decisions, IReadOnlyList<WaitingAlert> Waiting,
    IReadOnlyList<ThresholdChangeView> ThresholdChanges, IReadOnlyList<CameraState> Cameras)
{
    /// <summary>An alert waiting longer than this is marked: a person walks out of a camera's view in well under a minute.</summary>
    public static readonly TimeSpan WaitingTooLong = TimeSpan.FromMinutes(2);
}
