using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. WAL with synchronous=FULL makes every committed write survive a
/// killed process; secure_delete overwrites deleted content so purged biometric data does not linger in
/// free pages. One connection, used by one thread at a time (calls are serialised with a lock).
/// </summary>
public sealed class SqliteDatabase : RelationalDatabase
{
    internal const int SchemaVersion = 7;
    /// <summary>The SQLite file.</summary>
    public string Path => Location;

    private SqliteDatabase(string path, SqliteConnection connection, TimeProvider clock, SiteId site) : base(connection, path, site, clock) { }

    /// <summary>
    /// Opens a store. Reading opens it read-only: nothing a reading command does can change it (no migration,
    /// no purge, no tree head). Writing creates it if missing, upgrades its schema, and refuses a clock that
    /// reads earlier than the latest record already in the log. A file that is not ours is never touched.
    /// </summary>
    public static SqliteDatabase Open(string path, TimeProvider clock, StoreAccess access = StoreAccess.Write, SiteId? site = null)
    {
        TextFiles.RequireName(path, "store");
        var full = System.IO.Path.GetFullPath(path);
        var shown = FileKind.Show(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new LfrInputException($"{shown}: the folder for the database does not exist");
        var kind = FileKind.Of(full);
        if (kind == FileKindOf.Missing && access == StoreAccess.Read)
            throw new NoStoreHereException($"{shown}: no store here (nothing has been recorded yet; check --db or $LFR_DB)");
        if (kind is not (FileKindOf.Missing or FileKindOf.Regular))
            throw new LfrInputException($"{shown}: the store is {FileKind.Describe(kind)}, not a regular file");
        if (access == StoreAccess.Write) RequireWritable(full, shown, kind == FileKindOf.Regular);
        var media = access == StoreAccess.Read ? MediaOf(full) : Media.Writable;

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = media == Media.Immutable ? ImmutableUri(full) : full,
            Mode = access == StoreAccess.Read ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds have passed (30 by default);
            // with busy_timeout below, a store locked by another process is given up on after about 5 s.
            DefaultTimeout = 5,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
            long version = Identify(connection, shown, access);
            if (version > 0) SchemaObjects.RequireOnlyOurs(connection, shown, version);
            if (access == StoreAccess.Write)
            {
                Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;");
                Migrate(connection, site ?? SiteId.Local);
            }
            else Execute(connection, "PRAGMA query_only=ON;");
            // One file is one site: the one it was created for (stores made before sites are 'local').
            var own = version == 0 && access == StoreAccess.Write ? site ?? SiteId.Local : RecordedSite(connection);
            if (site is { } asked && asked != own)
                throw new LfrInputException($"{shown}: this store belongs to site '{own}', not '{asked}' (an SQLite store is one site's)");
            var db = new SqliteDatabase(full, connection, clock, own);
            if (access == StoreAccess.Write) db.RequireClockNotBehind(shown);
            return db;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            if (media == Media.ReadOnlyWithJournal) throw StoreFailures.JournalOnReadOnlyMedia(ex, shown);
            throw StoreFailures.Explain(ex, shown) ?? new LfrInputException($"{shown}: cannot open as an LfrAudit database: {ex.Message.Split('\n')[0]}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Run as root, the file system lets us write whatever the mode says; the owner's intent is honoured all the same.
    // A read-only mount answers even root: WriteAccess asks the file system too.
    private static void RequireWritable(string full, string shown, bool exists)
    {
        if (OperatingSystem.IsWindows()) return;
        if (exists && !WriteAccess.Allowed(full))
            throw new StoreUnavailableException($"{shown}: the store is read-only (no write permission, or read-only media); nothing was changed");
        var dir = System.IO.Path.GetDirectoryName(full)!;
        if (!WriteAccess.Allowed(dir))
            throw new StoreUnavailableException($"{shown}: its folder is read-only, so the store cannot be written; nothing was changed");
    }

    private enum Media { Writable, Immutable, ReadOnlyWithJournal }

    // A store in WAL mode is read through its -shm index, which SQLite makes beside the file: on read-only media, or
    // in a folder (or as a file) that may not be written, it cannot, and refuses to read at all. Where no -wal or -shm
    // is beside the file, every committed change is in the file itself and no lfr writer has it open (a writer keeps
    // both there; one cannot start on a store that may not be written), so it is opened immutable: no locks, no side
    // files. A -wal there may hold commits not yet in the file, which immutable would hide: then SQLite is left to read
    // it through the -shm as usual, and where it cannot, that is said in one line.
    private static Media MediaOf(string full)
    {
        var dir = System.IO.Path.GetDirectoryName(full)!;
        if (WriteAccess.Allowed(dir) && WriteAccess.Allowed(full)) return Media.Writable;
        bool journal = Links.EntryExists(full + "-wal") || Links.EntryExists(full + "-shm");
        return journal ? Media.ReadOnlyWithJournal : Media.Immutable;
    }

    // An SQLite URI filename (sqlite.org/uri.html): every byte but the unreserved ones percent-encoded, so that a '?',
    // '#' or '%' in a folder's name is part of the path, not the start of parameters.
    private static string ImmutableUri(string full)
    {
        var b = new System.Text.StringBuilder("file:");
        foreach (byte c in System.Text.Encoding.UTF8.GetBytes(full))
            b.Append(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'/' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
                ? ((char)c).ToString()
                : $"%{c:X2}");
        return b.Append("?immutable=1").ToString();
    }

    /// <summary>LfrAudit's SQLite application id ("LfrA"): a file with another application's id, or tables of its own, is not ours.</summary>
    internal const int ApplicationId = 0x4C667241;

    private static long Identify(SqliteConnection connection, string shown, StoreAccess access)
    {
        long appId = Scalar(connection, "PRAGMA application_id");
        long version = Scalar(connection, "PRAGMA user_version");
        var tables = new List<string>();
        using (var c = connection.CreateCommand())
        {
            c.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = c.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
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
        return version;
    }

    /// <summary>Upgrades the schema under the write lock (another process may be doing the same), in one transaction.</summary>
    internal static void Migrate(SqliteConnection connection, SiteId site, int to = SchemaVersion)
    {
        if (Scalar(connection, "PRAGMA user_version") >= to) return;
        using var tx = connection.BeginTransaction();
        long version = Scalar(connection, "PRAGMA user_version", tx);
        if (version >= to) return;
        void Step(int v, string sql) { if (version < v && v <= to) Execute(connection, sql, tx); }
        Step(1, Schema.V1);
        Step(2, Schema.V2);
        Step(3, Schema.V3);
        Step(4, Schema.V4);
        Step(5, Schema.V5);
        Step(6, Schema.V6);
        Step(7, Schema.V7);
        // A new store is the site it was created for; one that held records before sites existed is 'local'.
        if (version < 5 && to >= 5)
        {
            using var c = connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = "INSERT INTO sites(site, registered_at) VALUES ($site, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
            c.Parameters.AddWithValue("$site", version == 0 ? site.Value : SiteId.Local.Value);
            c.ExecuteNonQuery();
        }
        Execute(connection, $"PRAGMA user_version = {to}; PRAGMA application_id = {ApplicationId};", tx);
        tx.Commit();
    }

    private static SiteId RecordedSite(SqliteConnection connection)
    {
        using var c = connection.CreateCommand();
        c.CommandText = "SELECT site FROM sites LIMIT 1";
        return c.ExecuteScalar() is string s ? new SiteId(s) : SiteId.Local;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        c.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        return Convert.ToInt64(c.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal override string InsertionOrder => "rowid";

    internal override bool IsUniqueViolation(Exception ex) => ex is SqliteException { SqliteErrorCode: 19 };

    /// <inheritdoc/>
    public override LfrInputException? Explain(Exception failure) => StoreFailures.Explain(failure, Location);

    /// <summary>This process's commits at once, other processes' through SQLite's data version (<see cref="SqliteChanges"/>).</summary>
    public override IStoreChanges WatchChanges() => new SqliteChanges(Location, Changes);

    // Fold the WAL back into the main file so deleted evidence survives in neither (secure_delete overwrote the rows).
    internal override void AfterEvidenceDeleted() => Execute("PRAGMA wal_checkpoint(TRUNCATE)");

    // A finished command leaves one self-contained database file.
    /// <inheritdoc/>
    protected override void BeforeClose()
    {
        try { Execute("PRAGMA wal_checkpoint(TRUNCATE)"); } catch (SqliteException) { }
    }
}
