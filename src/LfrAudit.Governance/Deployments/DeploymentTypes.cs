using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

public enum DeploymentState { Planned, NoticePublished, Live, Ended, OutcomePublished, Cancelled }

public sealed record DeploymentLocation(string Name, string Area, double? Latitude = null, double? Longitude = null);

public sealed record AuthorisingOfficer(string Name, string Rank)
{
    public override string ToString() => $"{Rank} {Name}";
}

/// <summary>
/// How long biometric evidence is kept: a rejected alert's at once, an alert nobody adjudicated until a
/// day after its deployment ends, a confirmed match's for 31 days (the defaults).
/// </summary>
public sealed record RetentionPolicy(TimeSpan RejectedAlert, TimeSpan UnadjudicatedAfterEnd, TimeSpan ConfirmedMatch)
{
    public static readonly RetentionPolicy Default = new(TimeSpan.Zero, TimeSpan.FromHours(24), TimeSpan.FromDays(31));
}

/// <summary>Starting without a timely notice, and why: shown on the outcome report.</summary>
public sealed record UrgentOverride(string Reason, string By, DateTimeOffset At);

public sealed record ThresholdChange(Threshold From, Threshold To, string By, string Reason, DateTimeOffset At);

/// <summary>The watchlist as it was when the deployment started: only its hash, size and categories (never who).</summary>
public sealed record FrozenWatchlist(string Name, string ContentHash, int Entries, IReadOnlyDictionary<WatchlistCategory, int> Categories);

/// <summary>A rule of the deployment lifecycle was broken: a clear, one-line refusal.</summary>
public sealed class DeploymentRuleException(string message) : LfrInputException(message)
{
    /// <summary>An urgent override (a reason and who authorised it) would let this step go ahead.</summary>
    public bool NeedsUrgentOverride { get; init; }
}
