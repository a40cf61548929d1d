using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// One LFR deployment through its life: planned → notice published → live → ended → outcome published,
/// or cancelled before it goes live. Each step checks the public commitments and records who did what, when.
/// </summary>
public sealed class Deployment
{
    private readonly List<ThresholdChange> _thresholdChanges;
    private readonly List<IAuditEvent> _raised = [];

    /// <summary>Its reference, as its notice and outcome report give it.</summary>
    public DeploymentId Id { get; }
    /// <summary>Where it takes place.</summary>
    public DeploymentLocation Location { get; }
    /// <summary>When its notice says it starts (UTC).</summary>
    public DateTimeOffset PlannedStart { get; }
    /// <summary>When its notice says it ends (UTC); recognition stops then even if no one ends it.</summary>
    public DateTimeOffset PlannedEnd { get; }
    /// <summary>Why it is deployed, as published.</summary>
    public string Purpose { get; }
    /// <summary>Who authorised it.</summary>
    public AuthorisingOfficer Officer { get; }
    /// <summary>The cameras it may run on (at least one).</summary>
    public IReadOnlyList<CameraId> Cameras { get; }
    /// <summary>The watchlist it was planned with; going live freezes that watchlist's current version.</summary>
    public string WatchlistName { get; }
    /// <summary>The similarity threshold an alert must reach (changed only through <see cref="ChangeThreshold"/>).</summary>
    public Threshold Threshold { get; private set; }
    /// <summary>How long its alerts' evidence is kept.</summary>
    public RetentionPolicy Retention { get; }
    /// <summary>When it was planned (UTC).</summary>
    public DateTimeOffset PlannedAt { get; }
    /// <summary>Where it is in its life.</summary>
    public DeploymentState State { get; private set; }
    /// <summary>When its notice was published; null before (or when it went live on an urgent override without one).</summary>
    public DateTimeOffset? NoticePublishedAt { get; private set; }
    /// <summary>When it went live.</summary>
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>When it was ended.</summary>
    public DateTimeOffset? EndedAt { get; private set; }
    /// <summary>When its outcome report was published.</summary>
    public DateTimeOffset? OutcomePublishedAt { get; private set; }
    /// <summary>When it was cancelled, if it was.</summary>
    public DateTimeOffset? CancelledAt { get; private set; }
    /// <summary>Why it was cancelled, as published.</summary>
    public string? CancelReason { get; private set; }
    /// <summary>The urgent override it went live on, if it needed one.</summary>
    public UrgentOverride? Override { get; private set; }
    /// <summary>The watchlist as frozen when it went live (hash, size, categories); null before.</summary>
    public FrozenWatchlist? Watchlist { get; private set; }
    /// <summary>Every change of its threshold, in order.</summary>
    public IReadOnlyList<ThresholdChange> ThresholdChanges => _thresholdChanges;

    /// <summary>The site (van, fixed installation) that planned it, once a store holds it; null for a plan not yet stored.</summary>
    public SiteId? Site { get; }

    /// <summary>A deployment as stored: every field as it was recorded (a new plan is made by <see cref="Plan"/>, which checks it).</summary>
    public Deployment(DeploymentId id, DeploymentLocation location, DateTimeOffset plannedStart, DateTimeOffset plannedEnd, string purpose,
        AuthorisingOfficer officer, IReadOnlyList<CameraId> cameras, string watchlistName, Threshold threshold, RetentionPolicy retention,
        DateTimeOffset plannedAt, DeploymentState state = DeploymentState.Planned, DateTimeOffset? noticePublishedAt = null,
        DateTimeOffset? startedAt = null, DateTimeOffset? endedAt = null, DateTimeOffset? outcomePublishedAt = null,
        DateTimeOffset? cancelledAt = null, string? cancelReason = null, UrgentOverride? urgentOverride = null,
        FrozenWatchlist? watchlist = null, IEnumerable<ThresholdChange>? thresholdChanges = null, SiteId? site = null)
    {
        Site = site;
        Id = id;
        Location = location;
        PlannedStart = plannedStart;
        PlannedEnd = plannedEnd;
        Purpose = purpose;
        Officer = officer;
        Cameras = cameras;
        WatchlistName = watchlistName;
        Threshold = threshold;
        Retention = retention;
        PlannedAt = plannedAt;
        State = state;
        NoticePublishedAt = noticePublishedAt;
        StartedAt = startedAt;
        EndedAt = endedAt;
        OutcomePublishedAt = outcomePublishedAt;
        CancelledAt = cancelledAt;
        CancelReason = cancelReason;
        Override = urgentOverride;
        Watchlist = watchlist;
        _thresholdChanges = thresholdChanges?.ToList() ?? [];
    }

    /// <summary>
    /// The audit events raised since it was loaded or last stored (planned, notice published, started, threshold changed,
    /// ended, cancelled, outcome published), taken by the use case into the unit of work that stores it, which appends them
    /// when it commits. Taking them empties the list, so each is recorded once.
    /// </summary>
    public IReadOnlyList<IAuditEvent> TakeEvents()
    {
        var taken = _raised.ToList();
        _raised.Clear();
        return taken;
    }

    /// <summary>A new plan, checked for what can be checked before anything happens.</summary>
    public static Deployment Plan(DeploymentId id, DeploymentLocation location, DateTimeOffset plannedStart, DateTimeOffset plannedEnd,
        string purpose, AuthorisingOfficer officer, IReadOnlyList<CameraId> cameras, string watchlistName, Threshold threshold,
        RetentionPolicy retention, DateTimeOffset now, Actor? by = null)
    {
        if (plannedEnd <= plannedStart)
            throw new DeploymentRuleException($"deployment {id}: it ends ({LondonTime.Show(plannedEnd)}) before it starts ({LondonTime.Show(plannedStart)})");
        if (plannedStart < now)
            throw new DeploymentRuleException($"deployment {id}: planned start {LondonTime.Show(plannedStart)} is in the past");
        if (cameras.Count == 0) throw new DeploymentRuleException($"deployment {id}: name at least one camera");
        if (string.IsNullOrWhiteSpace(purpose)) throw new DeploymentRuleException($"deployment {id}: state its purpose");
        if (string.IsNullOrWhiteSpace(location.Name)) throw new DeploymentRuleException($"deployment {id}: name its location");
        if (string.IsNullOrWhiteSpace(officer.Name) || string.IsNullOrWhiteSpace(officer.Rank))
            throw new DeploymentRuleException($"deployment {id}: name the authorising officer and their rank");
        PoliceRank.RequireAuthorising(officer.Rank, id);
        foreach (var (field, text) in new[] { ("location", location.Name), ("area", location.Area), ("purpose", purpose), ("officer", officer.Name), ("rank", officer.Rank), ("watchlist", watchlistName) }
                     .Concat(cameras.Select(c => ("camera", c.Value))))
            PublishedText.Require(text, field, id);
        var plan = new Deployment(id, location, plannedStart, plannedEnd, purpose.Trim(), officer, cameras, watchlistName, threshold, retention, now);
        plan._raised.Add(DeploymentEventsRaised.Planned(plan, by));
        return plan;
    }

    /// <summary>The latest its notice may be published: the same London clock time 7 days before the planned start.</summary>
    public DateTimeOffset NoticeDeadline => DeploymentRules.NoticeDeadline(PlannedStart);

    /// <summary>Its notice was published by the deadline.</summary>
    public bool HasTimelyNotice => NoticePublishedAt is { } n && DeploymentRules.NoticeIsTimely(n, PlannedStart);

    /// <summary>
    /// When the outcome report is due: 5 working days from the end, or from the planned end if that came first
    /// (a deployment left live past its planned end owes its report all the same). Null while none is owed yet.
    /// </summary>
    public DateTimeOffset? OutcomeDueBy(WorkingDayCalendar calendar, DateTimeOffset? now = null) => OutcomeDeadline(calendar, now)?.DueBy;

    /// <summary>The outcome report's deadline and whether it is provisional (<see cref="OutcomeDueBy"/>); null while none is owed.</summary>
    public Deadline? OutcomeDeadline(WorkingDayCalendar calendar, DateTimeOffset? now = null) =>
        State == DeploymentState.Cancelled ? null
        : DeploymentRules.OutcomeClockStart(PlannedEnd, EndedAt, now ?? DateTimeOffset.MinValue) is { } from
            && (EndedAt is not null || State == DeploymentState.Live)
            ? DeploymentRules.OutcomeDeadline(from, calendar) : null;

    /// <summary>Still live at or after its planned end: recognition has stopped (runs stop then), and it should be ended.</summary>
    public bool IsLivePastPlannedEnd(DateTimeOffset now) => State == DeploymentState.Live && now >= PlannedEnd;

    /// <summary>Whether another deployment that is not cancelled shares a camera with this one at overlapping times.</summary>
    public bool OverlapsOnAnyCamera(Deployment other) =>
        other.State != DeploymentState.Cancelled && other.Id != Id
        && PlannedStart < other.PlannedEnd && other.PlannedStart < PlannedEnd
        && Cameras.Intersect(other.Cameras).Any();

    /// <summary>Publishes its notice (only while planned, and before its planned end); whether it is timely is judged when it goes live.</summary>
    public void PublishNotice(DateTimeOffset at, Actor? by = null)
    {
        Require(DeploymentState.Planned, "publish its notice");
        if (at >= PlannedEnd) throw new DeploymentRuleException($"deployment {Id}: a notice published after the planned end informs no one");
        NoticePublishedAt = at;
        State = DeploymentState.NoticePublished;
        _raised.Add(DeploymentEventsRaised.Notice(this, by));
    }

    /// <summary>
    /// Goes live, freezing the watchlist — only inside the window its notice advertised. Going live without a
    /// notice published at least 7 days before the planned start, or before that start, is refused unless an
    /// urgent override gives a reason and who authorised it; the override is recorded and published. An override
    /// where none is needed is refused, not dropped.
    /// </summary>
    public void Start(DateTimeOffset at, FrozenWatchlist watchlist, UrgentOverride? urgent = null, Actor? by = null)
    {
        if (State is not (DeploymentState.Planned or DeploymentState.NoticePublished))
            throw new DeploymentRuleException($"deployment {Id} is {Describe(State)}: it cannot start");
        if (watchlist.Name != WatchlistName)
            throw new DeploymentRuleException($"deployment {Id} was planned with watchlist '{WatchlistName}', not '{watchlist.Name}'");
        if (at >= PlannedEnd) throw new DeploymentRuleException($"deployment {Id}: its planned end {LondonTime.Show(PlannedEnd)} has passed");
        var needsOverride = new List<string>();
        if (!HasTimelyNotice)
            needsOverride.Add(NoticePublishedAt is { } n
                ? $"its notice was published {LondonTime.Show(n)}, after the deadline {LondonTime.Show(NoticeDeadline)}"
                : $"no notice has been published (deadline {LondonTime.Show(NoticeDeadline)})");
        if (at < PlannedStart)
            needsOverride.Add($"it is {LondonTime.Show(at)}, before the start its notice advertised ({LondonTime.Show(PlannedStart)})");
        // An override where nothing needed one would publish an urgency that never was; dropping it silently would hide what was asked.
        if (needsOverride.Count == 0 && urgent is not null)
            throw new DeploymentRuleException($"deployment {Id} needs no urgent override: its notice was published on time ({LondonTime.Show(NoticePublishedAt!.Value)}, deadline {LondonTime.Show(NoticeDeadline)}) and {LondonTime.Show(at)} is inside the window it advertised; start it without one");
        if (needsOverride.Count > 0)
        {
            if (urgent is null)
                throw new DeploymentRuleException($"deployment {Id} cannot start: {string.Join("; and ", needsOverride)}; a deployment goes live only inside the window its notice advertised, published at least {DeploymentRules.NoticeDays} days before, unless an urgent override gives a reason and who authorised it")
                { NeedsUrgentOverride = true };
            if (string.IsNullOrWhiteSpace(urgent.Reason) || string.IsNullOrWhiteSpace(urgent.By))
                throw new DeploymentRuleException($"deployment {Id}: an urgent override needs a reason and who authorised it");
            PublishedText.Require(urgent.Reason, "override reason", Id);
            PublishedText.Require(urgent.By, "override's authoriser", Id);
            Override = urgent;
        }
        StartedAt = at;
        Watchlist = watchlist;
        State = DeploymentState.Live;
        _raised.Add(DeploymentEventsRaised.Started(this, by));
    }

    /// <summary>Ends it (only while live, not before it started); its outcome report is then owed.</summary>
    public void End(DateTimeOffset at, Actor? by = null)
    {
        Require(DeploymentState.Live, "end");
        if (at < StartedAt) throw new DeploymentRuleException($"deployment {Id}: cannot end before it started ({LondonTime.Show(StartedAt!.Value)})");
        EndedAt = at;
        State = DeploymentState.Ended;
        _raised.Add(DeploymentEventsRaised.Ended(this, by));
    }

    /// <summary>Calls it off before it goes live, with a published reason.</summary>
    public void Cancel(DateTimeOffset at, string reason, Actor? by = null)
    {
        if (State is not (DeploymentState.Planned or DeploymentState.NoticePublished))
            throw new DeploymentRuleException($"deployment {Id} is {Describe(State)}: only a deployment that has not started can be cancelled");
        if (string.IsNullOrWhiteSpace(reason)) throw new DeploymentRuleException($"deployment {Id}: give a reason for cancelling");
        PublishedText.Require(reason, "cancellation reason", Id);
        CancelledAt = at;
        CancelReason = reason.Trim();
        State = DeploymentState.Cancelled;
        _raised.Add(DeploymentEventsRaised.Cancelled(this, by));
    }

    /// <summary>Records its outcome report as published (only once ended).</summary>
    public void PublishOutcome(DateTimeOffset at, Actor? by = null)
    {
        Require(DeploymentState.Ended, "publish its outcome");
        OutcomePublishedAt = at;
        State = DeploymentState.OutcomePublished;
        _raised.Add(DeploymentEventsRaised.Outcome(this, by));
    }

    /// <summary>Changes its threshold while planned or live, with who authorised it and why; a change to the same value is refused.</summary>
    public void ChangeThreshold(Threshold to, string by, string reason, DateTimeOffset at, string? via = null)
    {
        if (State is DeploymentState.Ended or DeploymentState.OutcomePublished or DeploymentState.Cancelled)
            throw new DeploymentRuleException($"deployment {Id} is {Describe(State)}: its threshold can no longer change");
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(reason))
            throw new DeploymentRuleException($"deployment {Id}: a threshold change needs who authorised it and why");
        PublishedText.Require(by, "threshold change's authoriser", Id);
        PublishedText.Require(reason, "threshold change's reason", Id);
        // A change to the same value would log a change that changed nothing.
        if (to == Threshold) throw new DeploymentRuleException($"deployment {Id}: its threshold is already {to}: nothing to change");
        var change = new ThresholdChange(Threshold, to, by.Trim(), reason.Trim(), at);
        _thresholdChanges.Add(change);
        Threshold = to;
        _raised.Add(DeploymentEventsRaised.Threshold(this, change, via));
    }

    private void Require(DeploymentState state, string action)
    {
        if (State != state)
            throw new DeploymentRuleException($"deployment {Id} is {Describe(State)}: it must be {Describe(state)} to {action}");
    }

    /// <summary>The state in words, as refusals and listings say it ("notice published").</summary>
    public static string Describe(DeploymentState s) => s switch
    {
        DeploymentState.Planned => "planned",
        DeploymentState.NoticePublished => "notice published",
        DeploymentState.Live => "live",
        DeploymentState.Ended => "ended",
        DeploymentState.OutcomePublished => "outcome published",
        _ => "cancelled",
    };
}
