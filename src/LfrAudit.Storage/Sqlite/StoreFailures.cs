using LfrAudit.Core.Problems;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>Turns SQLite's failures that are about the store's situation (locked, read-only, full) into one clear line.</summary>
public static class StoreFailures
{
    /// <summary>A store that may not be written here, with a write-ahead log beside it that SQLite could not read read-only.</summary>
    public static StoreUnavailableException JournalOnReadOnlyMedia(SqliteException ex, string store) =>
        new($"{store}: the store is on read-only media (or may not be written) and its -wal/-shm files beside it cannot be read from here (SQLite: {ex.Message.Split('\n')[0]}); copy the store with its -wal and -shm files to a writable folder", ex);

    /// <summary>An SQLite failure (locked, read-only, full, not a database) as one line naming <paramref name="store"/>;
    /// null for a failure that is not the store's.</summary>
    public static LfrInputException? Explain(Exception ex, string store)
    {
        if (ex is not SqliteException s) return ex.InnerException is { } inner ? Explain(inner, store) : null;
        return (s.SqliteErrorCode & 0xFF) switch
        {
            5 or 6 => new StoreUnavailableException($"{store}: the store is locked by another process (waited 5 s); what was already recorded is kept: try again", ex),
            8 => new StoreUnavailableException($"{store}: the store is read-only; nothing was changed", ex),
            13 => new StoreUnavailableException($"{store}: the disk is full; what was already recorded is kept", ex),
            10 or 14 => new StoreUnavailableException($"{store}: the store cannot be read or written (I/O error: {s.Message.Split('\n')[0]})", ex),
            26 => new LfrInputException($"{store}: not an SQLite database (or encrypted); left untouched", ex),
            _ => null,
        };
    }
}
