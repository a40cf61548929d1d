using System.Security.Cryptography;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;
using LfrAudit.Core.Ports;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. WAL with synchronous=FULL makes every committed write survive a
/// killed process; secure_delete overwrites deleted content so purged biometric data does not linger in
/// free pages. One connection, used by one thread at a time (calls are serialised with a lock).
/// </summary>
public sealed class SqliteDatabase : IStore
{
    internal const int SchemaVersion = 4;
    private readonly SqliteConnection _connection;

    public string Path { get; }
    internal object Gate { get; } = new();

    /// <summary>The audit log every store appends to.</summary>
    public SqliteAuditLog Audit { get; }

    public string Location => Path;
    IAuditLog IStore.Audit => Audit;
    public IDeploymentStore Deployments => new SqliteDeploymentStore(this);
    public IWatchlistStore Watchlists => new SqliteWatchlistStore(this);
    public IPublishedDocumentStore Documents => new SqliteDocumentStore(this);
    public IAdjudicationStore Adjudications => new SqliteAdjudicationStore(this);
    public IRetentionStore Retention => new SqliteRetentionStore(this);
    public IUserStore Users => new SqliteUserStore(this);
    public IRunStore Runs(IClock clock) => new SqliteRunJournal(this, clock);
    public IUnitOfWork BeginUnitOfWork() => BeginShared();

    /// <summary>Set once this session appended to the audit log: a signed tree head is then due on closing.</summary>
    internal bool AuditAppended { get; set; }

    /// <summary>The key that signs a tree head when this session closes, if it appended (null: unsigned).</summary>
    public ECDsa? TreeHeadSigner { get; set; }

    /// <summary>The head issued on closing, if any.</summary>
    public Core.Audit.TreeHead? ClosingTreeHead { get; private set; }

    private SqliteDatabase(string path, SqliteConnection connection, IClock clock)
    {
        Path = path;
        _connection = connection;
        Audit = new SqliteAuditLog(this, clock);
    }

    /// <summary>
    /// Opens a store. Reading opens it read-only: nothing a reading command does can change it (no migration,
    /// no purge, no tree head). Writing creates it if missing, upgrades its schema, and refuses a clock that
    /// reads earlier than the latest record already in the log. A file that is not ours is never touched.
    /// </summary>
    public static SqliteDatabase Open(string path, IClock? clock = null, StoreAccess access = StoreAccess.Write)
    {
        clock ??= SystemClock.Instance;
        TextFiles.RequireName(path, "store");
        var full = System.IO.Path.GetFullPath(path);
        var shown = FileKind.Show(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new LfrInputException($"{shown}: the folder for the database does not exist");
        var kind = FileKind.Of(full);
        if (kind == FileKindOf.Missing && access == StoreAccess.Read)
            throw new LfrInputException($"{shown}: no store here (nothing has been recorded yet; check --db or $LFR_DB)");
        if (kind is not (FileKindOf.Missing or FileKindOf.Regular))
            throw new LfrInputException($"{shown}: the store is {FileKind.Describe(kind)}, not a regular file");
        if (access == StoreAccess.Write) RequireWritable(full, shown, kind == FileKindOf.Regular);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = access == StoreAccess.Read ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds have passed (30 by default);
            // with busy_timeout below, a store locked by another process is given up on after about 5 s.
            DefaultTimeout = 5,
        }.ToString());
        try
        {
            connection.Open();
            var db = new SqliteDatabase(full, connection, clock);
            db.Execute("PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
            db.Identify(shown, access);
            if (access == StoreAccess.Write)
            {
                db.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;");
                db.Migrate();
                if (db.Audit.LatestRecordedTime() is { } latest && clock.UtcNow < latest - SqliteAuditLog.SameMoment)
                    throw new StoreClockBehindException(clock.UtcNow, latest, shown);
            }
            else db.Execute("PRAGMA query_only=ON;");
            return db;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw StoreFailures.Explain(ex, shown) ?? new LfrInputException($"{shown}: cannot open as an LfrAudit database: {ex.Message.Split('\n')[0]}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Run as root, the file system lets us write whatever the mode says; the owner's intent is honoured all the same.
    private static void RequireWritable(string full, string shown, bool exists)
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        if (exists && (File.GetUnixFileMode(full) & anyWrite) == 0)
            throw new StoreUnavailableException($"{shown}: the store is read-only (no write permission); nothing was changed");
        var dir = System.IO.Path.GetDirectoryName(full)!;
        if ((File.GetUnixFileMode(dir) & anyWrite) == 0)
            throw new StoreUnavailableException($"{shown}: its folder is read-only, so the store cannot be written; nothing was changed");
    }

    /// <summary>LfrAudit's SQLite application id ("LfrA"): a file with another application's id, or tables of its own, is not ours.</summary>
    internal const int ApplicationId = 0x4C667241;

    private void Identify(string shown, StoreAccess access)
    {
        long appId = Scalar<long>("PRAGMA application_id");
        long version = Scalar<long>("PRAGMA user_version");
        var tables = new List<string>();
        using (var c = Command("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        using (var r = c.ExecuteReader())
            while (r.Read()) tables.Add(r.GetString(0));
        bool empty = appId == 0 && version == 0 && tables.Count == 0;
        bool ours = appId == ApplicationId
            || (appId == 0 && version >= 1 && tables.Contains("audit_entries") && tables.Contains("deployments")); // stores made before the id was set
        if (empty && access == StoreAccess.Read)
            throw new LfrInputException($"{shown}: an empty file, not an LfrAudit store");
        if (!empty && !ours)
            throw new LfrInputException($"{shown}: not an LfrAudit store (another application's SQLite database: "
                + (appId != 0 ? $"application id {appId}" : $"{tables.Count} table(s) such as '{SafeText.Escape(tables.FirstOrDefault() ?? "?")}'") + "); left untouched");
        if (version > SchemaVersion)
            throw new LfrInputException($"{shown}: database schema version {version} is newer than this lfr understands ({SchemaVersion}); upgrade lfr");
        if (access == StoreAccess.Read && version < SchemaVersion)
            throw new StoreUnavailableException($"{shown}: the store's schema (version {version}) must be upgraded to {SchemaVersion} first: run any writing command, e.g. 'lfr audit head'");
    }

    private void Migrate()
    {
        long version = Scalar<long>("PRAGMA user_version");
        if (version == SchemaVersion) return;
        using var tx = Begin();
        // Read again under the write lock: another process may have migrated meanwhile.
        version = Scalar<long>("PRAGMA user_version", tx);
        if (version == SchemaVersion) return;
        if (version == 0) Execute(Schema.V1, tx);
        if (version < 2) Execute(Schema.V2, tx);
        if (version < 3) Execute(Schema.V3, tx);
        if (version < 4) Execute(Schema.V4, tx);
        Execute($"PRAGMA user_version = {SchemaVersion}; PRAGMA application_id = {ApplicationId};", tx);
        tx.Commit();
    }

    private SqliteTransaction? _ambient;

    internal SqliteCommand Command(string sql, StoreTransaction? tx = null)
    {
        var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx?.Inner ?? _ambient;
        return c;
    }

    /// <summary>A transaction of one store call; inside a shared one it simply joins it.</summary>
    internal StoreTransaction Begin() =>
        _ambient is { } shared ? new StoreTransaction(shared, owns: false) : new StoreTransaction(_connection.BeginTransaction(), owns: true);

    /// <summary>
    /// One transaction across several store calls (a deployment's state change and the document it publishes):
    /// all of it commits, or none. Hold it on one thread; commit explicitly.
    /// </summary>
    public SharedTransaction BeginShared()
    {
        Monitor.Enter(Gate);
        if (_ambient is not null) { Monitor.Exit(Gate); throw new InvalidOperationException("a shared transaction is already open"); }
        _ambient = _connection.BeginTransaction();
        return new SharedTransaction(this);
    }

    public sealed class SharedTransaction(SqliteDatabase db) : IUnitOfWork
    {
        private bool _done;

        public void Commit()
        {
            db._ambient!.Commit();
            Finish();
        }

        public void Dispose()
        {
            if (_done) return;
            db._ambient?.Rollback();
            Finish();
        }

        private void Finish()
        {
            db._ambient?.Dispose();
            db._ambient = null;
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

    private bool _disposed;

    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (AuditAppended && TreeHeadSigner is { } key && _ambient is null)
                ClosingTreeHead = Audit.IssueTreeHead(key);
            // Fold the WAL back into the main file so a finished run leaves one self-contained database.
            try { Execute("PRAGMA wal_checkpoint(TRUNCATE)"); } catch (SqliteException) { }
            _connection.Dispose();
            TreeHeadSigner?.Dispose();
        }
    }
}
