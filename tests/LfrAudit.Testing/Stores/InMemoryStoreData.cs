using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Testing.Stores;

/// <summary>A run as recorded: how it started, how it ended (null while it runs).</summary>
internal sealed record RunRecord(RunStart Start, RunSummary? End);

/// <summary>An alert as recorded, and its evidence while held (null once deleted).</summary>
internal sealed record AlertRecord(AlertId Id, Alert Alert, DateTimeOffset RaisedAt, bool EvidenceHeld);

/// <summary>
/// What an in-memory store holds: the "database" several sessions open. Records are immutable; a deployment is
/// kept as a copy so a caller's object never changes the store behind its back.
/// </summary>
public sealed class InMemoryStoreData
{
    private static int _count;

    internal object Gate { get; } = new();

    /// <summary>Woken by every commit that appended to the log, whichever session made it.</summary>
    internal ChangeSignal Changes { get; } = new();
    internal string Name { get; } = $"store-{Interlocked.Increment(ref _count)}";
    internal List<AuditEntry> Entries { get; private set; } = [];
    internal List<TreeHead> Heads { get; private set; } = [];
    internal List<EnrolledWatchlist> Watchlists { get; private set; } = [];
    internal List<Deployment> Deployments { get; private set; } = [];
    internal List<PublishedDocument> Documents { get; private set; } = [];
    internal Dictionary<RunId, RunRecord> Runs { get; private set; } = [];
    internal List<AlertRecord> Alerts { get; private set; } = [];
    internal List<FaceCountMinute> FaceCounts { get; private set; } = [];
    internal Dictionary<AlertId, AlertAdjudication> Adjudications { get; private set; } = [];
    internal Dictionary<AlertId, Engagement> Engagements { get; private set; } = [];
    internal List<Purge> Purges { get; private set; } = [];
    internal Dictionary<string, UserAccount> Users { get; private set; } = new(StringComparer.Ordinal);
    internal List<OperatorAssignment> Assignments { get; private set; } = [];
    internal Dictionary<string, ApiKey> ApiKeys { get; private set; } = new(StringComparer.Ordinal);

    internal InMemoryStoreData Copy() => new()
    {
        Entries = [.. Entries], Heads = [.. Heads], Watchlists = [.. Watchlists], Deployments = [.. Deployments], Documents = [.. Documents],
        Runs = new(Runs), Alerts = [.. Alerts], FaceCounts = [.. FaceCounts], Adjudications = new(Adjudications), Engagements = new(Engagements),
        Purges = [.. Purges], Users = new(Users, StringComparer.Ordinal), Assignments = [.. Assignments],
        ApiKeys = new(ApiKeys, StringComparer.Ordinal),
    };

    internal void Restore(InMemoryStoreData s)
    {
        Assignments = s.Assignments;
        ApiKeys = s.ApiKeys;
        (Entries, Heads, Watchlists, Deployments, Documents, Runs, Alerts, FaceCounts, Adjudications, Engagements, Purges, Users) =
        (s.Entries, s.Heads, s.Watchlists, s.Deployments, s.Documents, s.Runs, s.Alerts, s.FaceCounts, s.Adjudications, s.Engagements, s.Purges, s.Users);
    }

    internal static Deployment Copy(Deployment d) => new(d.Id, d.Location, d.PlannedStart, d.PlannedEnd, d.Purpose, d.Officer, [.. d.Cameras],
        d.WatchlistName, d.Threshold, d.Retention, d.PlannedAt, d.State, d.NoticePublishedAt, d.StartedAt, d.EndedAt, d.OutcomePublishedAt,
        d.CancelledAt, d.CancelReason, d.Override, d.Watchlist, [.. d.ThresholdChanges]);
}
