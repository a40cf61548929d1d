using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

/// <summary>Where a deployment is in its life, in order; cancelled is possible only before it goes live.</summary>
public enum DeploymentState
{
    /// <summary>Planned and authorised; no notice published yet.</summary>
    Planned,
    /// <summary>Its public notice is published; not yet live.</summary>
    NoticePublished,
    /// <summary>Cameras may run recognition for it.</summary>
    Live,
    /// <summary>Ended; its outcome report is owed.</summary>
    Ended,
    /// <summary>Its outcome report is published: its public record is complete.</summary>
    OutcomePublished,
    /// <summary>Called off before it went live, with a reason.</summary>
    Cancelled,
}

/// <summary>Where a deployment takes place, as its notice names it.</summary>
/// <param name="Name">The place (a street, a station concourse).</param>
/// <param name="Area">The town or area it is in.</param>
/// <param name="Latitude">Its latitude in degrees, for the public map, if given.</param>
/// <param name="Longitude">Its longitude in degrees, if given.</param>
public sealed record DeploymentLocation(string Name, string Area, double? Latitude = null, double? Longitude = null);

/// <summary>The officer who authorised a deployment, named on its notice (superintendent or above).</summary>
/// <param name="Name">Their name.</param>
/// <param name="Rank">Their rank, as <see cref="PoliceRank"/> reads it.</param>
public sealed record AuthorisingOfficer(string Name, string Rank)
{
    /// <summary>Rank then name, as a notice writes it: "Superintendent A. Jones".</summary>
    public override string ToString() => $"{Rank} {Name}";
}

/// <summary>
/// How long biometric evidence is kept: a rejected alert's at once after the decision, an alert nobody adjudicated
/// (or marked unsure) until a day after its deployment ends, a confirmed match's for 31 days after confirmation (the
/// defaults).
/// </summary>
public sealed record RetentionPolicy(TimeSpan RejectedAlert, TimeSpan UnadjudicatedAfterEnd, TimeSpan ConfirmedMatch)
{
    /// <summary>Rejected alerts at once, undecided ones 24 hours after the deployment ends, confirmed matches after 31 days.</summary>
    public static readonly RetentionPolicy Default = new(TimeSpan.Zero, TimeSpan.FromHours(24), TimeSpan.FromDays(31));
}

/// <summary>
/// Going live without a timely notice, or before the start the notice advertised, and why, and who authorised it:
/// shown on the outcome report.
/// </summary>
public sealed record UrgentOverride(string Reason, string By, DateTimeOffset At);

/// <summary>A change of a deployment's threshold while planned or live: published on its outcome report.</summary>
/// <param name="From">The threshold before.</param>
/// <param name="To">The threshold after.</param>
/// <param name="By">Who authorised the change.</param>
/// <param name="Reason">Why it was changed.</param>
/// <param name="At">When (UTC).</param>
public sealed record ThresholdChange(Threshold From, Threshold To, string By, string Reason, DateTimeOffset At);

/// <summary>The watchlist as it was when the deployment started: only its hash, size and categories (never who).</summary>
public sealed record FrozenWatchlist(string Name, string ContentHash, int Entries, IReadOnlyDictionary<WatchlistCategory, int> Categories);

/// <summary>A rule of the deployment lifecycle was broken: a clear, one-line refusal.</summary>
public sealed class DeploymentRuleException(string message) : LfrInputException(message)
{
    /// <summary>An urgent override (a reason and who authorised it) would let this step go ahead.</summary>
    public bool NeedsUrgentOverride { get; init; }
}
