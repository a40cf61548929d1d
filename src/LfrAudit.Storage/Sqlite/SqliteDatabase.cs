using LfrAudit.Core.Domain;
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

    private SqliteDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public static SqliteDatabase Open(string path)
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
            var db = new SqliteDatabase(full, connection);
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
        using var tx = _connection.BeginTransaction();
        Execute(Schema.V1, tx);
        Execute($"PRAGMA user_version = {SchemaVersion}", tx);
        tx.Commit();
    }

    internal SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        return c;
    }

    internal SqliteTransaction Begin() => _connection.BeginTransaction();

    internal void Execute(string sql, SqliteTransaction? tx = null)
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
            // Fold the WAL back into the main file so a finished run leaves one self-contained database.
            try { Execute("PRAGMA wal_checkpoint(TRUNCATE)"); } catch (SqliteException) { }
            _connection.Dispose();
        }
    }
}
