using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;
using LfrAudit.Governance.Watchlists;

namespace LfrAudit.Testing.Stores;

/// <summary>
/// A store held in memory, for use-case tests that need no disk: every port of <see cref="IStore"/> over one
/// <see cref="InMemoryStoreData"/>, which stands for the database (open it again to see what an earlier session
/// recorded). It keeps the rules a real adapter keeps — an audit entry with every change, decisions once, a log
/// that never goes back in time, read-only sessions that refuse to write — and passes the store contract suite.
/// </summary>
public sealed class InMemoryStore : IStore
{
    private readonly StoreAccess _access;
    private InMemoryStoreData? _snapshot; // set while a unit of work is open: what a rollback restores
    private bool _appended;

    internal InMemoryStoreData Data { get; }

    private InMemoryStore(InMemoryStoreData data, TimeProvider clock, StoreAccess access)
    {
        Data = data;
        Clock = clock;
        _access = access;
        Audit = new InMemoryAuditLog(this);
        Deployments = new InMemoryDeploymentStore(this);
        Watchlists = new InMemoryWatchlistStore(this);
        Documents = new InMemoryDocumentStore(this);
        Adjudications = new InMemoryAdjudicationStore(this);
        Retention = new InMemoryRetentionStore(this);
        Users = new InMemoryUserStore(this);
        ApiKeys = new InMemoryApiKeyStore(this);
        Assignments = new InMemoryAssignmentStore(this);
    }

    /// <summary>Opens a session on the data; writing is refused to a clock further behind the log than the same moment.</summary>
    public static InMemoryStore Open(InMemoryStoreData data, TimeProvider clock, StoreAccess access = StoreAccess.Write)
    {
        var store = new InMemoryStore(data, clock, access);
        if (access == StoreAccess.Write && store.Audit.LatestRecordedTime() is { } latest && clock.GetUtcNow() < latest - InMemoryAuditLog.SameMoment)
            throw new StoreClockBehindException(clock.GetUtcNow(), latest, store.Location);
        return store;
    }

    /// <summary>A fresh, empty store.</summary>
    public static InMemoryStore Create(TimeProvider clock) => Open(new InMemoryStoreData(), clock);

    public string Location => $"memory:{Data.Name}";
    public SiteId Site => SiteId.Local;
    public IReadOnlyList<SiteId> Sites() => [Site];
    public IAuditLog AuditOf(SiteId site) => site == Site ? Audit : throw new LfrInputException($"{Location}: no site '{site}' here");
    public IAuditLog Audit { get; }
    public IDeploymentStore Deployments { get; }
    public IWatchlistStore Watchlists { get; }
    public IPublishedDocumentStore Documents { get; }
    public IAdjudicationStore Adjudications { get; }
    public IRetentionStore Retention { get; }
    public IUserStore Users { get; }

    public IApiKeyStore ApiKeys { get; }
    public IAssignmentStore Assignments { get; }
    public ECDsa? TreeHeadSigner { get; set; }

    public TimeProvider Clock { get; }

    public IRunStore Runs() => new InMemoryRunStore(this);

    /// <summary>As a real store: woken by every commit that appended, from any session on the same data.</summary>
    public IStoreChanges WatchChanges() => new SignalledChanges(Data.Changes);

    /// <summary>Memory has no situation of its own to explain: nothing here is about a server or a file.</summary>
    public LfrInputException? Explain(Exception failure) => null;

    /// <summary>Runs a change under the data's lock, with its audit entries; refused on a read-only session.</summary>
    internal T Write<T>(Func<InMemoryStoreData, T> change)
    {
        if (_access == StoreAccess.Read) throw new InvalidOperationException($"{Location} is open to read: nothing may be written");
        lock (Data.Gate) return change(Data);
    }

    internal void Write(Action<InMemoryStoreData> change) => Write(d => { change(d); return 0; });

    internal T Read<T>(Func<InMemoryStoreData, T> query) { lock (Data.Gate) return query(Data); }

    internal void Append(IAuditEvent e)
    {
        var data = Data;
        var prev = data.Entries.Count == 0 ? AuditEntry.GenesisPrev : Convert.ToHexStringLower(data.Entries[^1].LeafHash());
        data.Entries.Add(new AuditEntry(data.Entries.Count, RecordTime(), e.Type, e.ToData(), prev, Clock.IsSimulation() ? AuditEntry.SimulationClock : null));
        _appended = true;
        if (_snapshot is null) data.Changes.Pulse(); // inside a unit of work, its commit is the change
    }

    /// <summary>As a real store: a time never earlier than the latest record, so the log's times never go backwards.</summary>
    internal DateTimeOffset RecordTime()
    {
        var now = Clock.GetUtcNow();
        return Audit.LatestRecordedTime() is { } latest && latest > now ? latest : now;
    }

    public IUnitOfWork BeginUnitOfWork()
    {
        lock (Data.Gate)
        {
            if (_snapshot is not null) throw new InvalidOperationException("a unit of work is already open on this store");
            _snapshot = Data.Copy();
        }
        return new UnitOfWork(this);
    }

    public void Dispose()
    {
        // A session that appended leaves a signed head behind, as a real store does when it closes.
        if (_appended && TreeHeadSigner is { } key && _snapshot is null && _access == StoreAccess.Write && Audit.Size > 0)
            Audit.IssueTreeHead(key);
    }

    private sealed class UnitOfWork(InMemoryStore store) : IUnitOfWork
    {
        private bool _done;

        /// <summary>As a real store: the event joins this unit's changes, and goes if they are rolled back.</summary>
        public void Raise(IAuditEvent e, SiteId? site = null) => store.Write(_ => store.Append(e)); // one site's store

        public void Commit()
        {
            lock (store.Data.Gate) store._snapshot = null;
            _done = true;
            store.Data.Changes.Pulse();
        }

        public void Dispose()
        {
            if (_done) return;
            lock (store.Data.Gate)
            {
                if (store._snapshot is { } before) store.Data.Restore(before);
                store._snapshot = null;
            }
            _done = true;
        }
    }

    internal static byte[] Bytes(float[] v) => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
}
