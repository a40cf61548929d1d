using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;
using LfrAudit.Governance.Watchlists;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// What the SQL stores share, whichever server holds the tables: one connection used by one thread at a time
/// (calls are serialised on <see cref="Gate"/>), a transaction per store call or one shared across several,
/// and the store's site, whose audit log every change is appended to. The embedded SQLite file and the central
/// PostgreSQL database differ only in how they open, migrate and lock (<see cref="Sqlite.SqliteDatabase"/>,
/// <see cref="Postgres.PostgresDatabase"/>).
/// </summary>
public abstract class RelationalDatabase : IStore
{
    private readonly DbConnection _connection;
    private DbTransaction? _ambient;
    private bool _disposed;

    /// <summary>A store over an open connection, as <paramref name="site"/>'s, shown as <paramref name="location"/>.</summary>
    protected RelationalDatabase(DbConnection connection, string location, SiteId site, TimeProvider clock)
    {
        _connection = connection;
        Location = location;
        Site = site;
        Clock = clock;
        SiteLog = new SqlAuditLog(this, site);
    }

    /// <summary>The store as it may be shown: the SQLite file, or the central store's address without its password.</summary>
    public string Location { get; }

    /// <summary>The clock this session records by: the front end's one clock, composed once.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The site this session records for: its deployments, runs and alerts, and its audit log.</summary>
    public SiteId Site { get; }

    internal object Gate { get; } = new();

    /// <summary>This site's audit log, which every store appends to.</summary>
    internal SqlAuditLog SiteLog { get; }

    /// <summary>This site's audit log, which every store appends to.</summary>
    public IAuditLog Audit => SiteLog;
    /// <summary>Deployments, their notices' dates and their operators.</summary>
    public IDeploymentStore Deployments => new SqlDeploymentStore(this);
    /// <summary>Approved watchlists and their enrolled entries.</summary>
    public IWatchlistStore Watchlists => new SqlWatchlistStore(this);
    /// <summary>The notices and outcome reports published, as published.</summary>
    public IPublishedDocumentStore Documents => new SqlDocumentStore(this);
    /// <summary>Operators' decisions on alerts and officers' recorded outcomes.</summary>
    public IAdjudicationStore Adjudications => new SqlAdjudicationStore(this);
    /// <summary>Confirmed matches' evidence and its purge when retention ends.</summary>
    public IRetentionStore Retention => new SqlRetentionStore(this);
    /// <summary>The console's named users and their password hashes.</summary>
    public IUserStore Users => new SqlUserStore(this);
    /// <summary>The API keys issued to other force systems, each only as the hash of its secret.</summary>
    public IApiKeyStore ApiKeys => new SqlApiKeyStore(this);
    /// <summary>Which operators are assigned to which deployment.</summary>
    public IAssignmentStore Assignments => new SqlAssignmentStore(this);
    /// <summary>Recognition runs and the alerts each raised, journalled as the pipeline goes.</summary>
    public IRunStore Runs() => new SqlRunJournal(this);
    /// <summary>One transaction for a change and the audit events it raises: both are recorded, or neither.</summary>
    public IUnitOfWork BeginUnitOfWork() => BeginShared();

    /// <summary>The signal every session of this store in this process shares (<see cref="ChangeSignal.For"/>).</summary>
    internal ChangeSignal Changes => ChangeSignal.For(Location);

    /// <summary>Set when the open transaction appended an audit entry: its commit is a change the store's watchers hear of.</summary>
    internal bool ChangePending { get; set; }

    /// <summary>An audit entry was appended in <paramref name="tx"/>: its commit is a change (a server also tells other processes, inside it).</summary>
    internal void Appended(StoreTransaction tx)
    {
        if (ChangePending) return; // told once per transaction
        ChangePending = true;
        AnnounceChange(tx);
    }

    /// <summary>A transaction committed: if it appended, this process's watchers are woken.</summary>
    internal void Committed()
    {
        if (!ChangePending) return;
        ChangePending = false;
        Changes.Pulse();
    }

    /// <summary>Tells other processes' watchers of the change, inside its transaction so they hear only of commits (a server's NOTIFY); SQLite's watchers see its data version move instead.</summary>
    internal virtual void AnnounceChange(StoreTransaction tx) { }

    /// <summary>A watch on this store's changes (<see cref="IStoreChanges"/>): its own connection where one is needed.</summary>
    public abstract IStoreChanges WatchChanges();

    /// <summary>Set once this session appended to the audit log: a signed tree head is then due on closing.</summary>
    internal bool AuditAppended { get; set; }

    /// <summary>The key that signs a tree head when this session closes, if it appended (null: unsigned).</summary>
    public ECDsa? TreeHeadSigner { get; set; }

    /// <summary>The head issued on closing, if any.</summary>
    public TreeHead? ClosingTreeHead { get; private set; }

    /// <summary>Another site's audit log in the same store (a central store holds one per site, and the registry log).</summary>
    public IAuditLog AuditOf(SiteId site) => SiteLogOf(site);

    /// <summary>A site's log as this store writes it (inside a transaction of its own).</summary>
    internal SqlAuditLog SiteLogOf(SiteId site) => site == Site ? SiteLog : new SqlAuditLog(this, site);

    /// <summary>The sites this store holds records for (an SQLite store is one site's).</summary>
    public virtual IReadOnlyList<SiteId> Sites() => [Site];

    /// <summary>A writer whose clock reads earlier than what the site's log already holds is refused before it records anything.</summary>
    protected void RequireClockNotBehind(string shown)
    {
        if (Audit.LatestRecordedTime() is { } latest && Clock.GetUtcNow() < latest - SqlAuditLog.SameMoment)
            throw new StoreClockBehindException(Clock.GetUtcNow(), latest, shown);
    }

    // What differs between servers.

    /// <summary>The column that keeps insertion order in tables without a key of their own (SQLite's rowid).</summary>
    internal abstract string InsertionOrder { get; }

    /// <summary>A failure of this store's own as one line naming it; null for anything else.</summary>
    public abstract LfrInputException? Explain(Exception failure);

    /// <summary>A unique or primary key was violated (another writer got there first).</summary>
    internal abstract bool IsUniqueViolation(Exception ex);

    /// <summary>
    /// Takes the lock that serialises appends to one audit log, for the rest of the transaction. SQLite's write
    /// transaction already excludes every other writer; a server takes a lock per log.
    /// </summary>
    internal virtual void LockAuditLog(SiteId site, StoreTransaction tx) { }

    /// <summary>
    /// Takes the lock that serialises starting runs on one deployment's camera, for the rest of the transaction, so the
    /// check that no run is open there and the new run's insertion are one step. SQLite's write transaction already
    /// excludes every other writer; a server, whose transactions read committed rows only, takes a lock per camera.
    /// </summary>
    internal virtual void LockCamera(DeploymentId deployment, CameraId camera, StoreTransaction tx) { }

    /// <summary>
    /// Takes the lock that serialises changes to users, for the rest of the transaction. SQLite's write transaction already
    /// excludes every other writer; a server, whose users every site shares, takes one lock for them all.
    /// </summary>
    internal virtual void LockUsers(StoreTransaction tx) { }

    /// <summary>After evidence was deleted: make the deletion reach the files (SQLite folds its WAL back).</summary>
    internal virtual void AfterEvidenceDeleted() { }

    /// <summary>Evidence was deleted inside a shared transaction: <see cref="AfterEvidenceDeleted"/> is due when the store closes.</summary>
    internal bool EvidenceDeletedPending { get; set; }

    /// <summary>Before the connection closes, after the closing tree head.</summary>
    protected virtual void BeforeClose() { }

    /// <summary>A store call's own transaction as the server starts it (SQLite: BEGIN IMMEDIATE).</summary>
    protected virtual DbTransaction StartTransaction(DbConnection connection) => connection.BeginTransaction();

    /// <summary>
    /// Opens the session again after the server dropped it (restarted, or the link was lost), so a long-lived process —
    /// the console, a service — recovers on its own; a server still down fails here, as a store that cannot be used now.
    /// Only between calls: a transaction in progress died with its session and was rolled back by the server.
    /// </summary>
    protected virtual void Reopen(DbConnection connection)
    {
        connection.Close();
        connection.Open();
    }

    private void EnsureOpen()
    {
        if (_ambient is null && _connection.State != ConnectionState.Open && !_disposed) Reopen(_connection);
    }

    internal DbCommand Command(string sql, StoreTransaction? tx = null)
    {
        if (tx is null) EnsureOpen();
        var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx?.Inner ?? _ambient;
        return c;
    }

    /// <summary>A transaction of one store call; inside a shared one it simply joins it.</summary>
    internal StoreTransaction Begin()
    {
        if (_ambient is { } shared) return new StoreTransaction(shared, owns: false, this);
        EnsureOpen();
        return new StoreTransaction(StartTransaction(_connection), owns: true, this);
    }

    /// <summary>
    /// One transaction across several store calls (a deployment's state change and the document it publishes):
    /// all of it commits, or none. Hold it on one thread; commit explicitly.
    /// </summary>
    internal SharedTransaction BeginShared()
    {
        Monitor.Enter(Gate);
        if (_ambient is not null) { Monitor.Exit(Gate); throw new InvalidOperationException("a shared transaction is already open"); }
        try { EnsureOpen(); _ambient = StartTransaction(_connection); }
        catch { Monitor.Exit(Gate); throw; }
        return new SharedTransaction(this);
    }

    internal sealed class SharedTransaction(RelationalDatabase db) : IUnitOfWork
    {
        private bool _done;

        /// <summary>Appends the event inside this transaction, in the order raised: it is recorded when, and only if, the changes commit.</summary>
        public void Raise(IAuditEvent e, SiteId? site = null)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            (site is { } s ? db.SiteLogOf(s) : db.SiteLog).Append(e);
        }

        public void Commit()
        {
            try
            {
                db._ambient!.Commit();
                db.Committed();
            }
            finally { Finish(); }
        }

        public void Dispose()
        {
            if (_done) return;
            try { db._ambient?.Rollback(); }
            catch (DbException) { } // the connection is gone: the server rolls back on its own
            finally { Finish(); }
        }

        private void Finish()
        {
            if (_done) return;
            db._ambient?.Dispose();
            db._ambient = null;
            db.ChangePending = false;
            _done = true;
            Monitor.Exit(db.Gate);
        }
    }

    internal bool InSharedTransaction => _ambient is not null;

    internal void Execute(string sql, StoreTransaction? tx = null)
    {
        using var c = Command(sql, tx);
        c.ExecuteNonQuery();
    }

    internal T Scalar<T>(string sql, StoreTransaction? tx = null)
    {
        using var c = Command(sql, tx);
        return (T)Convert.ChangeType(c.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Closes the store, signing a tree head first if this session appended to the log and has a signer.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                // A connection the server dropped (the failure being reported) is closed as it is: the next command
                // that opens the store signs a recovery head over whatever this one committed.
                if (_connection.State == ConnectionState.Open && _ambient is null)
                {
                    if (AuditAppended && TreeHeadSigner is { } key) ClosingTreeHead = Audit.IssueTreeHead(key);
                    if (EvidenceDeletedPending) AfterEvidenceDeleted();
                    BeforeClose();
                }
            }
            catch (DbException) when (_connection.State != ConnectionState.Open) { } // lost while closing: as above
            finally
            {
                _connection.Dispose();
                TreeHeadSigner?.Dispose();
            }
        }
    }
}

/// <summary>Parameters by name, the same for every server (<c>@name</c> in the SQL).</summary>
internal static class CommandParameters
{
    public static DbParameter Param(this DbCommand c, string name, object? value)
    {
        var p = c.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        c.Parameters.Add(p);
        return p;
    }

    /// <summary>Text that may be null: typed, so a server can compare a null with a column (PostgreSQL must know its type).</summary>
    public static DbParameter Text(this DbCommand c, string name, string? value)
    {
        var p = c.Param(name, value);
        p.DbType = DbType.String;
        return p;
    }

    public static DbParameter Int64(this DbCommand c, string name, long? value)
    {
        var p = c.Param(name, value);
        p.DbType = DbType.Int64;
        return p;
    }
}
