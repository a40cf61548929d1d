using System.Security.Cryptography;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. WAL with synchronous=FULL makes every committed write survive a
/// killed process; secure_delete overwrites deleted content so purged biometric data does not linger in
/// free pages. One connection, used by one thread at a time (calls are serialised with a lock).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection _connection;

    public string Path { get; }
    internal object Gate { get; } = new();

    /// <summary>The audit log every store appends to.</summary>
    public SqliteAuditLog Audit { get; }

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

    public static SqliteDatabase Open(string path, IClock? clock = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new LfrInputException($"{path}: the folder for the database does not exist");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var db = new SqliteDatabase(full, connection, clock ?? SystemClock.Instance);
            db.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            db.Migrate();
            return db;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LfrInputException($"{path}: cannot open as an LfrAudit database: {ex.Message}", ex);
        }
    }

    private void Migrate()
    {
        long version = Scalar<long>("PRAGMA user_version");
        if (version > SchemaVersion)
            throw new LfrInputException($"{Path}: database schema version {version} is newer than this lfr understands ({SchemaVersion}); upgrade lfr");
        if (version == SchemaVersion) return;
        using var tx = Begin();
        Execute(Schema.V1, tx);
        Execute($"PRAGMA user_version = {SchemaVersion}", tx);
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

    public sealed class SharedTransaction(SqliteDatabase db) : IDisposable
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

    internal T Scalar<T>(string sql)
    {
        using var c = Command(sql);
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
