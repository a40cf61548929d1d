using LfrAudit.Core.Problems;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Cli.Composition;

/// <summary>
/// The composition root for storage: the one place in the command line that knows which adapter backs a store
/// (the embedded SQLite file, or a force's central PostgreSQL store). Everything else sees <see cref="IStore"/>.
/// </summary>
internal static class Stores
{
    public static IStore Open(StoreTarget target, TimeProvider clock, StoreAccess access) => target.IsCentral
        ? PostgresDatabase.Open(target.Location, clock, access, target.Site)
        : SqliteDatabase.Open(target.Location, clock, access, target.Site);

    /// <summary>
    /// Makes way for a command that starts from a fresh store (the demo): an SQLite file and its side files are
    /// removed; a central store is never emptied by a command: it must hold no records yet.
    /// </summary>
    public static void StartFresh(StoreTarget target, TimeProvider clock)
    {
        if (!target.IsCentral)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(target.Location + suffix);
            return;
        }
        try
        {
            using var store = PostgresDatabase.Open(target.Location, clock, StoreAccess.Read, target.Site);
            if (store.Audit.Size > 0 || store.Deployments.List().Count > 0)
                throw new LfrInputException($"{store.Location}: this central store already holds records; the demo starts from an empty database (createdb a new one)");
        }
        catch (NoStoreHereException) { } // empty: as it should be
    }

    /// <summary>The latest time a store's audit log holds, read without changing it; null when nothing is recorded there yet.</summary>
    public static DateTimeOffset? LatestRecorded(StoreTarget target, TimeProvider clock)
    {
        try
        {
            using var store = Open(target, clock, StoreAccess.Read);
            return store.Audit.LatestRecordedTime();
        }
        catch (NoStoreHereException) { return null; }
    }

    /// <summary>A central store's connection string as it may be shown (no password).</summary>
    public static string Show(string connectionString)
    {
        try { return PostgresConnections.Display(connectionString); }
        catch (LfrInputException) { return "--store"; }
    }

    /// <summary>A failure of the store's own (locked, read-only, full, unreachable, not a database) as one clear line; null for anything else.</summary>
    public static LfrInputException? Explain(Exception ex, StoreTarget target) =>
        target.IsCentral ? PostgresFailures.Explain(ex, target.Shown) : StoreFailures.Explain(ex, target.Shown);
}
