using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Cli.Hosting;

/// <summary>
/// The composition root for storage: the one place in the command line that knows which adapter backs a store
/// (today the embedded SQLite file). Everything else sees <see cref="IStore"/> and its ports.
/// </summary>
public static class Stores
{
    public static IStore Open(string location, IClock clock, StoreAccess access) => SqliteDatabase.Open(location, clock, access);

    /// <summary>Removes a store and its side files, for a command that starts from a fresh store (the demo).</summary>
    public static void Delete(string location)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(location + suffix);
    }

    /// <summary>A failure of the store's own (locked, read-only, full, not a database) as one clear line; null for anything else.</summary>
    public static LfrInputException? Explain(Exception ex, string location) => StoreFailures.Explain(ex, location);
}
