using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A user as the log has registered them: their role (null when the log gave one the product does not have), whether they
/// are scripted, and the entries that disabled (while not enabled since) and removed them.
/// </summary>
/// <param name="AddedAt">The sequence number of the entry that added them.</param>
public sealed record LoggedUser(string Name, Role? Role, bool Scripted, long AddedAt)
{
    /// <summary>
    /// The entry that disabled them, while no later entry has enabled them; null while not disabled.
    /// </summary>
    public long? DisabledAt { get; init; }

    /// <summary>The entry that removed them, for good; null while not removed.</summary>
    public long? RemovedAt { get; init; }

    /// <summary>Why they may not act or sign in at this point of the log (disabled, removed), in words for a problem line; null while active.</summary>
    public string? Inactive => RemovedAt is { } removed ? $"was removed at entry {removed}: a removed user never acts or signs in again"
        : DisabledAt is { } disabled ? $"was disabled at entry {disabled} (not enabled since): a disabled user acts and signs in only once enabled"
        : null;
}

/// <summary>A deployment as the log has told it so far.</summary>
public sealed class LoggedDeployment(DeploymentPlanned plan, long plannedAt)
{
    /// <summary>
    /// Its deployment.planned entry: the plan later steps are judged against (the first, if repeated).
    /// </summary>
    public DeploymentPlanned Plan { get; } = plan;

    /// <summary>The sequence number of the entry that planned it.</summary>
    public long PlannedAt { get; } = plannedAt;

    /// <summary>Where it stands after the entries read so far, by the steps of <see cref="Deployment"/>'s life.</summary>
    public DeploymentState Stage { get; set; } = DeploymentState.Planned;

    /// <summary>An older version recorded a change without saying which (deployment.updated): its stage is no longer known.</summary>
    public bool StageUnknown { get; set; }

    /// <summary>Its notice's publication, once logged; null before.</summary>
    public NoticePublished? Notice { get; set; }

    /// <summary>Its going live, once logged: the watchlist frozen and the threshold; null before.</summary>
    public DeploymentStarted? Started { get; set; }

    /// <summary>Its end, once logged; null while it has not ended.</summary>
    public DeploymentEnded? Ended { get; set; }
}

/// <summary>A recognition run as the log has told it so far: when its entry was logged, and the thresholds it has searched at.</summary>
public sealed class LoggedRun(RunStarted start, long startedAt, DateTimeOffset loggedAt)
{
    /// <summary>
    /// Its run.started entry: the camera, watchlist and threshold its alerts and counts are judged against.
    /// </summary>
    public RunStarted Start { get; } = start;

    /// <summary>The sequence number of the entry that started it.</summary>
    public long StartedAt { get; } = startedAt;

    /// <summary>When its run.started entry was logged: no frame of the run can be earlier.</summary>
    public DateTimeOffset LoggedAt { get; } = loggedAt;

    /// <summary>
    /// Every threshold it has searched at: the one it started with, then each taken up after a change.
    /// </summary>
    public List<double> Thresholds { get; } = [start.Threshold];

    /// <summary>The entry that ended or closed it as interrupted; null while it is open.</summary>
    public long? ClosedAt { get; set; }
}

/// <summary>An alert as the log has told it so far.</summary>
public sealed class LoggedAlert(AlertRaised raised, long raisedAt)
{
    /// <summary>Its alert.raised entry (the first, if repeated).</summary>
    public AlertRaised Raised { get; } = raised;

    /// <summary>The sequence number of the entry that raised it.</summary>
    public long RaisedAt { get; } = raisedAt;

    /// <summary>
    /// The operator's decision and the entry that recorded it (the first: a decision is final); null while undecided.
    /// </summary>
    public (long At, string Decision)? Decision { get; set; }

    /// <summary>The entry that recorded the officers' engagement outcome; null while none is.</summary>
    public long? EngagementAt { get; set; }

    /// <summary>
    /// The entry from which the log shows its evidence deleted, if it does: its rejection (the evidence is deleted with the
    /// decision, in the same transaction), or a purge that left no evidence of any alert of the log held.
    /// </summary>
    public long? EvidencePurgedAt { get; set; }
}

/// <summary>
/// What the entries read so far have established — users, deployments, runs, alerts, purges — against which a rule
/// judges the next entry. Rules only read it; <see cref="LogContents"/> applies each entry once every rule has
/// judged it, so "at that point of the log" means exactly the entries before it. The first record wins: an entry
/// that repeats one (a user added twice) is reported, not taken as the truth.
/// </summary>
public sealed class LogSoFar
{
    // Names compare exactly, as the product's stores do (the users table's key; Actors looks a name up as given, trimmed).
    /// <summary>Every user the log has added, by their exact name.</summary>
    public Dictionary<string, LoggedUser> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>The API keys issued so far, by id: the entry that issued each and the one that revoked it, if any.</summary>
    public Dictionary<string, (long IssuedAt, long? RevokedAt)> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Every deployment the log has planned, by its id.</summary>
    public Dictionary<string, LoggedDeployment> Deployments { get; } = new(StringComparer.Ordinal);

    /// <summary>Every run the log has started, by its id.</summary>
    public Dictionary<string, LoggedRun> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>Every alert the log has raised, by its id (the central store's id after an import).</summary>
    public Dictionary<long, LoggedAlert> Alerts { get; } = [];

    /// <summary>The id of every purge the log has recorded (the central store's id after an import).</summary>
    public HashSet<long> Purges { get; } = [];

    /// <summary>The operators assigned to each deployment now, with the entry that assigned them.</summary>
    public Dictionary<(string Deployment, string Operator), long> Assigned { get; } = [];

    /// <summary>
    /// Whether the log has assigned any operator yet. A log that has not was written before operators were assigned (or has
    /// assigned no one yet): its decisions cannot be held to an assignment, as a log with no users cannot be held to names.
    /// </summary>
    public bool AssignsOperators { get; private set; }

    /// <summary>Whether <paramref name="user"/> is assigned to the deployment at this point of the log.</summary>
    public bool IsAssigned(string deployment, string user) => Assigned.ContainsKey((deployment, user));

    /// <summary>When the log began: its first entry's time.</summary>
    public DateTimeOffset? FirstAt { get; private set; }

    /// <summary>Alerts raised whose evidence no purge has yet counted: what the next purge can at most delete.</summary>
    public long EvidenceHeld { get; private set; }

    /// <summary>
    /// Whether a supervisor who can sign in (not a scripted user) is registered: from then on only a supervisor adds
    /// users (<c>AccountService.Add</c>); before, the first adder is recorded as named.
    /// </summary>
    public bool HasSupervisorWithPassword => Users.Values.Any(u => u.Role == Role.Supervisor && !u.Scripted);

    /// <summary>The user registered under exactly this name (the product writes the name it found), or null.</summary>
    public LoggedUser? User(string name) => Users.GetValueOrDefault(name);

    private static readonly string RejectName = AlertDecision.Reject.Name();

    /// <summary>
    /// Takes in an entry every rule has judged, so the next entry is judged against it; the first record of a user,
    /// deployment, run, alert or decision stands, and a step sets its deployment's stage whatever came before.
    /// </summary>
    public void Apply(AuditEntry entry, IAuditEvent e)
    {
        FirstAt ??= entry.At;
        switch (e)
        {
            case UserAdded u:
                Users.TryAdd(u.User, new LoggedUser(u.User, LogValues.RoleNamed(u.Role), UserAdded.IsScripted(u.Via), entry.Seq));
                break;
            case UserDisabled d when Users.TryGetValue(d.User, out var u):
                Users[d.User] = u with { DisabledAt = u.DisabledAt ?? entry.Seq };
                break;
            case UserEnabled d when Users.TryGetValue(d.User, out var u):
                Users[d.User] = u with { DisabledAt = null };
                break;
            case UserRemoved d when Users.TryGetValue(d.User, out var u):
                Users[d.User] = u with { RemovedAt = u.RemovedAt ?? entry.Seq };
                break;
            case ApiKeyIssued k:
                ApiKeys.TryAdd(k.Key, (entry.Seq, null));
                break;
            case ApiKeyRevoked k when ApiKeys.TryGetValue(k.Key, out var key):
                ApiKeys[k.Key] = key with { RevokedAt = key.RevokedAt ?? entry.Seq };
                break;
            case DeploymentPlanned p:
                Deployments.TryAdd(p.Deployment, new LoggedDeployment(p, entry.Seq));
                break;
            case DeploymentUpdated x when Deployments.TryGetValue(x.Deployment, out var d):
                d.StageUnknown = true;
                break;
            case RunStarted s:
                Runs.TryAdd(s.Run, new LoggedRun(s, entry.Seq, entry.At));
                break;
            case RunEnded x when Runs.TryGetValue(x.Run, out var r):
                r.ClosedAt ??= entry.Seq;
                break;
            case RunInterrupted x when Runs.TryGetValue(x.Run, out var r):
                r.ClosedAt ??= entry.Seq;
                break;
            case ThresholdApplied t when Runs.TryGetValue(t.Run, out var r) && !r.Thresholds.Contains(t.Threshold):
                r.Thresholds.Add(t.Threshold);
                break;
            case AlertRaised a:
                if (Alerts.TryAdd(a.Alert, new LoggedAlert(a, entry.Seq))) EvidenceHeld++;
                break;
            case AlertAdjudicated d when Alerts.TryGetValue(d.Alert, out var a):
                a.Decision ??= (entry.Seq, d.Decision);
                if (d.Decision == RejectName) a.EvidencePurgedAt ??= entry.Seq;
                break;
            case EngagementRecorded o when Alerts.TryGetValue(o.Alert, out var a):
                a.EngagementAt ??= entry.Seq;
                break;
            case EvidencePurged p:
                Purges.Add(p.Purge);
                EvidenceHeld = Math.Max(0, EvidenceHeld - p.Alerts);
                // A purge names no alert, only a count; when none is left held, every alert raised so far has lost its evidence.
                if (EvidenceHeld == 0) foreach (var a in Alerts.Values) a.EvidencePurgedAt ??= entry.Seq;
                break;
            case OperatorAssigned o:
                AssignsOperators = true;
                Assigned.TryAdd((o.Deployment, o.Operator), entry.Seq);
                break;
            case OperatorUnassigned o:
                Assigned.Remove((o.Deployment, o.Operator));
                break;
            case StoreImported i:
                Renumber(i);
                break;
        }
        if (DeploymentSteps.StepOf(e) is { } id && Deployments.TryGetValue(id, out var deployment)) Step(deployment, e);
    }

    // The step's own stage, whatever came before: the rules have said what was wrong with it; later entries are judged from what the log says.
    private static void Step(LoggedDeployment d, IAuditEvent e)
    {
        switch (e)
        {
            case NoticePublished n: d.Notice ??= n; d.Stage = DeploymentState.NoticePublished; break;
            case DeploymentStarted s: d.Started ??= s; d.Stage = DeploymentState.Live; break;
            case DeploymentEnded x: d.Ended ??= x; d.Stage = DeploymentState.Ended; break;
            case DeploymentCancelled: d.Stage = DeploymentState.Cancelled; break;
            case OutcomePublished: d.Stage = DeploymentState.OutcomePublished; break;
        }
    }

    // A site's store moved into a central store keeps its log byte for byte, but its alerts and purges get the central
    // store's ids (store.imported maps old to new): later entries name them by their new ids.
    private void Renumber(StoreImported i)
    {
        var moved = new List<(long New, LoggedAlert Alert)>();
        foreach (var (old, renumbered) in i.AlertIds)
            if (long.TryParse(old, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && Alerts.Remove(id, out var a))
                moved.Add((renumbered, a));
        foreach (var (id, a) in moved) Alerts[id] = a;
        var purges = i.PurgeIds.Where(kv => long.TryParse(kv.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && Purges.Remove(id))
            .Select(kv => kv.Value).ToList();
        Purges.UnionWith(purges);
    }
}
