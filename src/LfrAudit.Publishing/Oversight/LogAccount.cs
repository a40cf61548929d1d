using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Publishing.Oversight;

/// <summary>A part of the IAG's report, with the log entries it accounts for.</summary>
public sealed record ReportSection(string Anchor, string Title, IReadOnlyList<long> Entries);

/// <summary>
/// Which part of the IAG's report accounts for each entry of a log: every entry in exactly one section, so the report's
/// closing count ties its rows to the log's size, and an entry of a type the report does not know is listed in a section
/// of its own instead of being dropped. Recognition runs are split between those of a deployment and those outside any.
/// </summary>
public sealed class LogAccount
{
    /// <summary>The sections' anchors: every entry of the log falls in exactly one.</summary>
    public const string Deployments = "deployments", RunsInDeployments = "runs", RunsOutside = "runs-outside", Accounts = "accounts",
        Evidence = "evidence", Purges = "purges", Watchlists = "watchlists", Stores = "stores", Unknown = "unknown";

    private static readonly (string Anchor, string Title)[] Order =
    [
        (Deployments, "Deployments, their notices, outcome reports and threshold changes"),
        (RunsInDeployments, "Recognition in deployments: runs, counts, alerts and decisions"),
        (RunsOutside, "Recognition OUTSIDE any deployment: runs, counts, alerts and decisions"),
        (Accounts, "Users, changes to them, sign-ins and refused sign-ins"),
        (Evidence, "Operators assigned to deployments, and every view of evidence"),
        (Purges, "Deletions of biometric evidence"),
        (Watchlists, "Watchlists enrolled"),
        (Stores, "Sites and imports (central store)"),
        (Unknown, "Entries of a type this report does not know"),
    ];

    /// <summary>The report's sections, each with the entries it accounts for.</summary>
    public IReadOnlyList<ReportSection> Sections { get; }
    /// <summary>Entries in the log.</summary>
    public long Total { get; }

    private LogAccount(IReadOnlyList<ReportSection> sections, long total) => (Sections, Total) = (sections, total);

    /// <summary>Entries the sections account for: equal to <see cref="Total"/>, or the report says which are missing.</summary>
    public long Accounted => Sections.Sum(s => (long)s.Entries.Count);

    /// <summary>Every entry of the log put in its section.</summary>
    public static LogAccount Of(IReadOnlyList<ReadEntry> entries)
    {
        var runDeployment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var alertRun = new Dictionary<long, string>();
        foreach (var e in entries.Select(r => r.Event))
        {
            if (e is RunStarted rs) runDeployment[rs.Run] = rs.Deployment;
            if (e is AlertRaised ar) alertRun[ar.Alert] = ar.Run;
        }
        string RunSection(string run) => runDeployment.TryGetValue(run, out var d) && d is not null ? RunsInDeployments : RunsOutside;
        string AlertSection(long alert) => alertRun.TryGetValue(alert, out var run) ? RunSection(run) : RunsOutside;

        var buckets = Order.ToDictionary(o => o.Anchor, _ => new List<long>());
        foreach (var r in entries)
        {
            var section = r.Event switch
            {
                null => Unknown,
                DeploymentPlanned or NoticePublished or DeploymentStarted or DeploymentEnded or DeploymentCancelled or OutcomePublished
                    or ThresholdChanged or DeploymentUpdated or DocumentPublished or ThresholdApplied => Deployments,
                RunStarted x => RunSection(x.Run),
                RunEnded x => RunSection(x.Run),
                RunInterrupted x => RunSection(x.Run),
                FacesCounted x => RunSection(x.Run),
                AlertRaised x => RunSection(x.Run),
                AlertSighted x => AlertSection(x.Alert),
                AlertAdjudicated x => AlertSection(x.Alert),
                EngagementRecorded x => AlertSection(x.Alert),
                UserAdded or SignInRecorded or IUserChange or ApiKeyIssued or ApiKeyRevoked => Accounts,
                OperatorAssigned or OperatorUnassigned or EvidenceViewed => Evidence,
                EvidencePurged => Purges,
                WatchlistEnrolled => Watchlists,
                SiteRegistered or StoreImported => Stores,
                _ => Unknown,
            };
            buckets[section].Add(r.Entry.Seq);
        }
        return new LogAccount(Order.Select(o => new ReportSection(o.Anchor, o.Title, buckets[o.Anchor])).ToList(), entries.Count);
    }
}
