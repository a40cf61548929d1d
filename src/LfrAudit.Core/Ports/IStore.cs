using System.Security.Cryptography;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Pipeline;

namespace LfrAudit.Core.Ports;

/// <summary>Reading opens a store so that nothing can change it; writing may create, upgrade and record.</summary>
public enum StoreAccess { Read, Write }

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

    IAuditLog Audit { get; }

    /// <summary>The sites this store holds records for (one for a store on one machine; a force's many, after its registry log, in a central store).</summary>
    IReadOnlyList<SiteId> Sites();

    /// <summary>A site's audit log, to read or sign (the registry log too): each site's log is separate.</summary>
    IAuditLog AuditOf(SiteId site);
    IDeploymentStore Deployments { get; }
    IWatchlistStore Watchlists { get; }
    IPublishedDocumentStore Documents { get; }
    IAdjudicationStore Adjudications { get; }
    IRetentionStore Retention { get; }
    IUserStore Users { get; }

    /// <summary>Runs, alerts and counts, recorded with times from <paramref name="clock"/>.</summary>
    IRunStore Runs(IClock clock);

    /// <summary>The key that signs a tree head when this session closes, if it appended (null: unsigned).</summary>
    ECDsa? TreeHeadSigner { get; set; }

    /// <summary>Several store calls that commit together or not at all (a deployment step and the document it publishes).</summary>
    IUnitOfWork BeginUnitOfWork();
}

/// <summary>A transaction spanning store calls: commit explicitly; disposing without committing rolls back.</summary>
public interface IUnitOfWork : IDisposable
{
    void Commit();
}

/// <summary>The run journal with what else the use cases ask of runs.</summary>
public interface IRunStore : IRunJournal, IAlertStore
{
    /// <summary>Closes every unfinished run whose process is gone as interrupted, with the counts it had committed.</summary>
    IReadOnlyList<InterruptedRun> CloseInterruptedRuns();

    /// <summary>The watchlist (name, content hash) a run searched.</summary>
    (string Name, string ContentHash)? WatchlistOf(RunId run);
}
