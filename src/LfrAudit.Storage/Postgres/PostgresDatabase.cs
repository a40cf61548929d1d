using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Relational;
using Npgsql;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// The central store of a force: one PostgreSQL database that many sites (vans, fixed installations) record
/// into at once, each through its own connection. Each site's audit log is appended under a transaction-scoped
/// advisory lock of its own, so its sequence never forks and the times in it never go backwards, while the
/// other sites append in parallel. Every change commits (and is flushed by the server) before the call returns.
/// </summary>
public sealed class PostgresDatabase : RelationalDatabase
{
    private static readonly long MigrationLock = LockKey("lfr.schema");

    private readonly bool _readOnly;
    private readonly string _connectionString;

    // The connection string as given, password included: an open connection's own string has it removed.
    private PostgresDatabase(NpgsqlConnection connection, string connectionString, string location, SiteId site, TimeProvider clock, bool readOnly)
        : base(connection, location, site, clock)
    {
        _readOnly = readOnly;
        _connectionString = connectionString;
    }

    /// <summary>A LISTEN on a connection of its own (<see cref="PostgresChanges"/>).</summary>
    public override IStoreChanges WatchChanges() => new PostgresChanges(_connectionString, Changes);

    /// <summary>NOTIFY inside the appending transaction: sent to the listeners when, and only if, it commits (repeats in one transaction fold into one).</summary>
    internal override void AnnounceChange(StoreTransaction tx) => Execute($"NOTIFY {PostgresChanges.Channel}", tx);

    /// <summary>A new session after the server dropped the last: a reading session is read-only again before anything runs on it.</summary>
    protected override void Reopen(DbConnection connection)
    {
        try
        {
            base.Reopen(connection);
            if (_readOnly) Execute((NpgsqlConnection)connection, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgresFailures.Explain(ex, Location) ?? new StoreUnavailableException($"{Location}: cannot reach the central store again: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>A PostgreSQL connection string (Host=…;Database=…, or a postgresql:// URL), as --store and $LFR_STORE take.</summary>
    public static bool IsConnectionString(string store) =>
        store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || store.Contains("host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Copies a site's store into the central one (<c>lfr store import</c>): every record checked, none duplicated.</summary>
    public static ISiteImporter SiteImporter => new SiteImport();

    /// <summary>
    /// Opens the central store for a site. Reading opens a read-only session: nothing a reading command does can
    /// change it. Writing creates the tables in an empty database, upgrades an older schema (one process at a
    /// time, under a lock), registers the site once in the force's registry log, and refuses a clock that reads
    /// earlier than the latest record already in the site's log. A database holding other tables is never touched.
    /// </summary>
    public static PostgresDatabase Open(string connectionString, TimeProvider clock, StoreAccess access = StoreAccess.Write, SiteId? site = null)
    {
        var builder = PostgresConnections.Parse(connectionString);
        var shown = PostgresConnections.Show(builder);
        var connection = new NpgsqlConnection(builder.ToString());
        try
        {
            connection.Open();
            if (access == StoreAccess.Write)
            {
                Migrate(connection, shown);
                RequireShredding(connection, shown);
            }
            else
            {
                Identify(connection, shown, access);
                Execute(connection, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            var own = site ?? DefaultSite();
            var db = new PostgresDatabase(connection, builder.ToString(), shown, own, clock, access != StoreAccess.Write);
            if (access == StoreAccess.Write)
            {
                if (own != SiteId.Registry) db.Register(); // the registry log itself is only ever signed
                db.RequireClockNotBehind(shown);
            }
            return db;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            connection.Dispose();
            throw PostgresFailures.Explain(ex, shown) ?? new LfrInputException($"{shown}: cannot open as an LfrAudit store: {ex.Message.Split('\n')[0]}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Without --site: the machine's name, so each machine records into a log of its own.</summary>
    public static SiteId DefaultSite()
    {
        var name = new string(Environment.MachineName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (name.Length > 40) name = name[..40].TrimEnd('-');
        return name.Length > 0 && name != SiteId.Registry.Value ? new SiteId(name) : SiteId.Local;
    }

    /// <summary>Whether the database is ours, empty, or another's; its schema version (0 when empty).</summary>
    private static int Identify(NpgsqlConnection connection, string shown, StoreAccess access, NpgsqlTransaction? tx = null)
    {
        // One statement, so a store being created by another site at this moment is seen before or after, never half.
        long tables;
        bool ours;
        using (var c = new NpgsqlCommand("""
            SELECT to_regclass('lfr_schema') IS NOT NULL,
                   (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema())
            """, connection, tx))
        using (var r = c.ExecuteReader())
        {
            r.Read();
            (ours, tables) = (r.GetBoolean(0), r.GetInt64(1));
        }
        if (!ours)
        {
            if (tables > 0)
                throw new LfrInputException($"{shown}: not an LfrAudit store (the database holds {tables} other table(s)); left untouched");
            if (access == StoreAccess.Read)
                throw new NoStoreHereException($"{shown}: no store here (nothing has been recorded in this database yet; check --store or $LFR_STORE)");
            return 0;
        }
        var version = Convert.ToInt32(Scalar(connection, "SELECT version FROM lfr_schema", tx));
        if (version > PostgresSchema.Version)
            throw new LfrInputException($"{shown}: database schema version {version} is newer than this lfr understands ({PostgresSchema.Version}); upgrade lfr");
        if (access == StoreAccess.Read && version < PostgresSchema.Version)
            throw new StoreUnavailableException($"{shown}: the store's schema (version {version}) must be upgraded to {PostgresSchema.Version} first: run any writing command, e.g. 'lfr audit head'");
        return version;
    }

    // Retention destroys keys by rewriting their table, which PostgreSQL lets only the table's owner (or a member of
    // the owning role) do; for anyone else it skips the rewrite with a mere warning. A site that could not shred
    // evidence is not allowed to record any.
    private static void RequireShredding(NpgsqlConnection connection, string shown)
    {
        using var c = new NpgsqlCommand("""
            SELECT t.tableowner, pg_has_role(current_user, t.tableowner, 'MEMBER')
            FROM pg_tables t WHERE t.tablename = 'evidence_keys' AND t.schemaname = current_schema()
            """, connection);
        using var r = c.ExecuteReader();
        if (r.Read() && !r.GetBoolean(1))
            throw new StoreUnavailableException($"{shown}: this user may not rewrite the evidence key table (owned by role '{r.GetString(0)}'), so retention could not destroy keys; grant that role to this user first; nothing was recorded");
    }

    /// <summary>
    /// Identifies the database and brings its schema to <paramref name="to"/>, in one transaction under a lock:
    /// sites opening an empty database at the same moment wait for the first, then find it done.
    /// </summary>
    internal static void Migrate(NpgsqlConnection connection, string shown, int to = PostgresSchema.Version)
    {
        using var tx = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", tx);
        int version = Identify(connection, shown, StoreAccess.Write, tx);
        if (version >= to) { tx.Rollback(); return; }
        foreach (var (step, sql) in PostgresSchema.Steps)
            if (step > version && step <= to) Execute(connection, sql, tx);
        Execute(connection, $"UPDATE lfr_schema SET version = {to}", tx);
        tx.Commit();
    }

    /// <summary>
    /// A site's first write registers it: a row in sites and an entry in the force's registry log, together, so
    /// the IAG can see every site log there is and none can be left out of an export.
    /// </summary>
    private void Register()
    {
        lock (Gate)
        {
            using (var known = Command("SELECT 1 FROM sites WHERE site = @site"))
            {
                known.Param("@site", Site.Value);
                if (known.ExecuteScalar() is not null) return;
            }
            var registry = SiteLogOf(SiteId.Registry);
            using var tx = Begin();
            LockAuditLog(SiteId.Registry, tx);
            using var add = Command("INSERT INTO sites(site, registered_at, host) VALUES (@site, @at, @host) ON CONFLICT DO NOTHING", tx);
            add.Param("@site", Site.Value);
            add.Param("@at", Codec.Time(Clock.GetUtcNow()));
            add.Param("@host", Environment.MachineName);
            if (add.ExecuteNonQuery() == 1) registry.Append(new SiteRegistered(Site.Value, Environment.MachineName), tx);
            tx.Commit();
        }
    }

    /// <summary>The force's registry log first, then the sites registered in this store, in the order they joined.</summary>
    public override IReadOnlyList<SiteId> Sites()
    {
        lock (Gate)
        {
            using var c = Command("SELECT site FROM sites ORDER BY registered_at, site");
            using var r = c.ExecuteReader();
            var all = new List<SiteId> { SiteId.Registry };
            while (r.Read()) all.Add(SiteId.Parse(r.GetString(0)));
            return all;
        }
    }

    internal override string InsertionOrder => "ord";

    /// <summary>
    /// Deleted rows stay in a table's pages until they are rewritten, and in the WAL segments written meanwhile.
    /// The destroyed keys are what must not survive: the key table (32 bytes an alert) is rewritten at once, so no
    /// data file holds them; then a WAL switch and a checkpoint let the server remove the segments that recorded
    /// their insertion (with wal_recycle=off, as docs/central-store.md requires; otherwise it renames them for
    /// reuse, old bytes and all). A user without the right to force a checkpoint leaves that to the server's next
    /// one (checkpoint_timeout, 5 min by default).
    /// </summary>
    internal override void AfterEvidenceDeleted()
    {
        Execute("VACUUM FULL evidence_keys");
        try { Execute("SELECT pg_switch_wal()"); Execute("CHECKPOINT"); }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege) { }
    }

    internal override bool IsUniqueViolation(Exception ex) => ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc/>
    public override LfrInputException? Explain(Exception failure) => PostgresFailures.Explain(failure, Location);

    // Appends to one site's log queue here; other sites' appends go on in parallel. Released at commit or rollback.
    internal override void LockAuditLog(SiteId site, StoreTransaction tx) => AdvisoryLock(LockKey("lfr.audit:" + site.Value), tx);

    // Two processes starting the same camera would both find it free under READ COMMITTED; the second waits here instead.
    internal override void LockCamera(DeploymentId deployment, CameraId camera, StoreTransaction tx) =>
        AdvisoryLock(LockKey($"lfr.camera:{deployment.Value}\n{camera.Value}"), tx);

    internal override void LockUsers(StoreTransaction tx) => AdvisoryLock(UsersLock, tx);

    private static readonly long UsersLock = LockKey("lfr.users");

    // A transaction-scoped lock: released by the commit or rollback, so no path can leave it held.
    private void AdvisoryLock(long key, StoreTransaction tx)
    {
        using var c = Command("SELECT pg_advisory_xact_lock(@k)", tx);
        c.Param("@k", key);
        c.ExecuteNonQuery();
    }

    private static long LockKey(string name) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static object? Scalar(NpgsqlConnection connection, string sql, NpgsqlTransaction? tx = null)
    {
        using var c = new NpgsqlCommand(sql, connection, tx);
        return c.ExecuteScalar();
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? tx = null)
    {
        using var c = new NpgsqlCommand(sql, connection, tx);
        c.ExecuteNonQuery();
    }
}
