using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Governance.Audit.Records;

/// <summary>
/// What a site's audit log says its records are: the users it added and where each stands now, the deployments it planned, cancelled and
/// changed the threshold of, the operators assigned to them now, the documents it froze, the runs it started, the alerts
/// it raised, the decisions and outcomes it recorded and the purges it made. Read from a log that has verified, it is the account any row beside
/// the log must agree with before it is trusted (a store moved into the central store, a record published).
/// </summary>
public sealed class LoggedRecords
{
    private readonly Dictionary<string, UserAdded> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoggedStanding> _standings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeploymentPlanned> _deployments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeploymentCancelled> _cancellations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ThresholdChanged>> _thresholdChanges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Deployment, string Kind), DocumentPublished> _documents = [];
    private readonly Dictionary<string, RunStarted> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<long, AlertRaised> _alerts = [];
    private readonly Dictionary<long, AlertAdjudicated> _decisions = [];
    private readonly Dictionary<long, EngagementRecorded> _engagements = [];
    private readonly Dictionary<long, EvidencePurged> _purges = [];
    private readonly Dictionary<(string Deployment, string Operator), OperatorAssigned> _assignments = [];

    /// <summary>Each user the log added, by name (the first entry, if repeated).</summary>
    public IReadOnlyDictionary<string, UserAdded> Users => _users;

    /// <summary>Where a user stands once every change to them is applied (active, with the password they were added with, if the log changed nothing).</summary>
    public LoggedStanding StandingOf(string user) => _standings.GetValueOrDefault(user) ?? LoggedStanding.Unchanged;

    /// <summary>Each deployment the log planned, by id (the first plan, if repeated).</summary>
    public IReadOnlyDictionary<string, DeploymentPlanned> Deployments => _deployments;

    /// <summary>Each deployment the log cancelled, by id (the latest cancellation).</summary>
    public IReadOnlyDictionary<string, DeploymentCancelled> Cancellations => _cancellations;

    /// <summary>Each deployment's threshold changes, by id, in log order.</summary>
    public IReadOnlyDictionary<string, List<ThresholdChanged>> ThresholdChanges => _thresholdChanges;

    /// <summary>The latest document frozen of each kind for each deployment (a re-frozen one replaces the earlier).</summary>
    public IReadOnlyDictionary<(string Deployment, string Kind), DocumentPublished> Documents => _documents;

    /// <summary>Each run the log started, by id.</summary>
    public IReadOnlyDictionary<string, RunStarted> Runs => _runs;

    /// <summary>Each alert the log raised, by id.</summary>
    public IReadOnlyDictionary<long, AlertRaised> Alerts => _alerts;

    /// <summary>The operator's decision on each alert decided, by alert id (the first: a decision is final).</summary>
    public IReadOnlyDictionary<long, AlertAdjudicated> Decisions => _decisions;

    /// <summary>The engagement outcome recorded for each alert, by alert id (the first).</summary>
    public IReadOnlyDictionary<long, EngagementRecorded> Engagements => _engagements;

    /// <summary>Each purge of evidence the log recorded, by purge id.</summary>
    public IReadOnlyDictionary<long, EvidencePurged> Purges => _purges;

    /// <summary>The operators assigned to each deployment once every assignment and removal is applied, each with the entry that assigned them.</summary>
    public IReadOnlyDictionary<(string Deployment, string Operator), OperatorAssigned> Assignments => _assignments;

    /// <summary>Entries that could not be read as their type's event (an unknown type, a malformed one): they explain nothing.</summary>
    public long Unreadable { get; private set; }

    /// <summary>
    /// Reads entries already parsed, in log order; one that cannot be read is counted in <see cref="Unreadable"/>.
    /// </summary>
    public static LoggedRecords Of(IEnumerable<AuditEntry> entries)
    {
        var records = new LoggedRecords();
        foreach (var entry in entries) records.Add(AuditVocabulary.Read(entry));
        return records;
    }

    /// <summary>Reads the log as stored: canonical JSON lines, one per entry.</summary>
    public static LoggedRecords Of(IEnumerable<string> canonicalEntries) =>
        Of(canonicalEntries.Select(line => AuditEntry.TryParse(line, out var e, out _) ? e : null).OfType<AuditEntry>());

    private void Add(ReadEntry read)
    {
        switch (read.Event)
        {
            case UserAdded u: _users.TryAdd(u.User, u); break;
            case UserDisabled d: _standings[d.User] = StandingOf(d.User) with { DisabledAt = d.At }; break;
            case UserEnabled d: _standings[d.User] = StandingOf(d.User) with { DisabledAt = null }; break;
            case UserRemoved d: _standings[d.User] = StandingOf(d.User) with { RemovedAt = d.At }; break;
            case PasswordChanged d: _standings[d.User] = StandingOf(d.User) with { PasswordChangedAt = d.At }; break;
            case DeploymentPlanned p: _deployments.TryAdd(p.Deployment, p); break;
            case DeploymentCancelled c: _cancellations[c.Deployment] = c; break;
            case ThresholdChanged t:
                if (!_thresholdChanges.TryGetValue(t.Deployment, out var changes)) _thresholdChanges[t.Deployment] = changes = [];
                changes.Add(t);
                break;
            case DocumentPublished d: _documents[(d.Deployment, d.Kind)] = d; break;
            case RunStarted r: _runs.TryAdd(r.Run, r); break;
            case AlertRaised a: _alerts.TryAdd(a.Alert, a); break;
            case AlertAdjudicated d: _decisions.TryAdd(d.Alert, d); break;
            case EngagementRecorded e: _engagements.TryAdd(e.Alert, e); break;
            case EvidencePurged p: _purges.TryAdd(p.Purge, p); break;
            case OperatorAssigned a: _assignments.TryAdd((a.Deployment, a.Operator), a); break;
            case OperatorUnassigned u: _assignments.Remove((u.Deployment, u.Operator)); break;
            case null: Unreadable++; break;
        }
    }
}

/// <summary>A user's standing as the log leaves it: disabled since (null if active or enabled again), removed when, given a new password when.</summary>
public sealed record LoggedStanding(DateTimeOffset? DisabledAt, DateTimeOffset? RemovedAt, DateTimeOffset? PasswordChangedAt)
{
    /// <summary>
    /// The standing of a user the log never changed: active, with the password they were added with.
    /// </summary>
    public static LoggedStanding Unchanged { get; } = new(null, null, null);
}
