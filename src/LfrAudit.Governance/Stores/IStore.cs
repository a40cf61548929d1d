using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Governance.Stores;

/// <summary>Reading opens a store so that nothing can change it; writing may create, upgrade and record.</summary>
public enum StoreAccess
{
    /// <summary>Opened read-only: nothing created, upgraded or appended; a missing store, or one whose schema is old, is refused.</summary>
    Read,
    /// <summary>Opened to record: creates a missing store, upgrades an old schema and appends to the log.</summary>
    Write,
}

/// <summary>
/// One open store (SQLite on one machine; a central server for a force): every port over one connection, and
/// the unit of work that lets several calls commit together. Which adapter it is, only the composition root knows.
/// </summary>
public interface IStore : IDisposable
{
    /// <summary>Where the store is, as it may be shown (a path; a server and database, never a password).</summary>
    string Location { get; }

    /// <summary>The site this session records for (a van, a fixed installation); its audit log is <see cref="Audit"/>.</summary>
    SiteId Site { get; }

    /// <summary>This session's site's audit log, where what it records is logged.</summary>
    IAuditLog Audit { get; }

    /// <summary>The sites this store holds records for (one for a store on one machine; a force's many, after its registry log, in a central store).</summary>
    IReadOnlyList<SiteId> Sites();

    /// <summary>A site's audit log, to read or sign (the registry log too): each site's log is separate.</summary>
    IAuditLog AuditOf(SiteId site);
    /// <summary>Deployments, their lifecycle and settings.</summary>
    IDeploymentStore Deployments { get; }
    /// <summary>Enrolled watchlists and their entries' templates.</summary>
    IWatchlistStore Watchlists { get; }
    /// <summary>The notices and outcome reports published, as published.</summary>
    IPublishedDocumentStore Documents { get; }
    /// <summary>Operators' decisions on alerts and engagement outcomes.</summary>
    IAdjudicationStore Adjudications { get; }
    /// <summary>The biometric evidence still held, and its deletion.</summary>
    IRetentionStore Retention { get; }
    /// <summary>User accounts and their roles.</summary>
    IUserStore Users { get; }

    /// <summary>The keys other force systems call the console's API with.</summary>
    IApiKeyStore ApiKeys { get; }

    /// <summary>Which operators work which deployments' alerts.</summary>
    IAssignmentStore Assignments { get; }

    /// <summary>The one clock this store records by (real, or a simulation's), composed once by the front end.</summary>
    TimeProvider Clock { get; }

    /// <summary>Runs, alerts and counts, recorded with times from the store's clock.</summary>
    IRunStore Runs();

    /// <summary>The key that signs a tree head when this session closes, if it appended (null: unsigned).</summary>
    ECDsa? TreeHeadSigner { get; set; }

    /// <summary>
    /// What a failure of this store means to its user when it is about the store's situation — its server stopped or
    /// unreachable, its file locked, read-only or full — as one line (a <see cref="StoreUnavailableException"/> when
    /// trying again later may work); null for anything else. A long-running front end uses it to keep serving.
    /// </summary>
    LfrInputException? Explain(Exception failure);

    /// <summary>
    /// A watch on this store's changes for a long-running reader: its own channel (its own connection where the store has
    /// one), woken at once by commits in this process and, through the store's own means, by other processes'. Dispose it.
    /// </summary>
    IStoreChanges WatchChanges();

    /// <summary>Several store calls that commit together or not at all (a deployment step and the document it publishes).</summary>
    IUnitOfWork BeginUnitOfWork();
}

/// <summary>
/// A transaction spanning store calls: the stores persist the changes, and the audit events the domain and the use case
/// raise go into the log inside the same transaction, in raising order, once (as a unit of work dispatches domain events),
/// so a change and its entries commit together or not at all; disposing without committing rolls both back.
/// </summary>
public interface IUnitOfWork : IDisposable
{
    /// <summary>Raises an event into this session's site's log, or into <paramref name="site"/>'s (a central store keeps a log per site).</summary>
    void Raise(Audit.Vocabulary.IAuditEvent e, SiteId? site = null);

    /// <summary>Commits the changes and their audit entries together; without it, disposing rolls both back.</summary>
    void Commit();
}

/// <summary>Shorthands over <see cref="IUnitOfWork"/> and <see cref="IStore"/> for the common shapes of a change.</summary>
public static class UnitOfWorkExtensions
{
    /// <summary>Raises each event, in order, into this session's site's log.</summary>
    public static void Raise(this IUnitOfWork work, IEnumerable<Audit.Vocabulary.IAuditEvent> events)
    {
        foreach (var e in events) work.Raise(e, null);
    }

    /// <summary>One change and its events in a transaction of their own: persist, raise, commit.</summary>
    public static T Record<T>(this IStore store, Func<T> persist, Func<T, IEnumerable<Audit.Vocabulary.IAuditEvent>> events)
    {
        using var work = store.BeginUnitOfWork();
        var result = persist();
        work.Raise(events(result));
        work.Commit();
        return result;
    }
}

/// <summary>The run journal with what else the use cases ask of runs.</summary>
public interface IRunStore : IRunJournal, IAlertStore
{
    /// <summary>Closes every unfinished run whose process is gone as interrupted, with the counts it had committed.</summary>
    IReadOnlyList<InterruptedRun> CloseInterruptedRuns();

    /// <summary>The watchlist (name, content hash) a run searched.</summary>
    (string Name, string ContentHash)? WatchlistOf(RunId run);

    /// <summary>The deployment a run searched for; null for a run outside any deployment (or no such run).</summary>
    DeploymentId? DeploymentOf(RunId run);
}
