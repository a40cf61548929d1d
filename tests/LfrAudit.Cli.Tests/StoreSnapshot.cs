using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>What a refusal must leave as it was: the audit log's length, the signed heads, and the store's bytes (its file and its -wal).</summary>
public sealed record StoreSnapshot(long Entries, long Heads, string Sha256)
{
    public static StoreSnapshot Of(string db)
    {
        SqliteConnection.ClearAllPools();
        // Read before this snapshot opens the store itself. An empty -wal is no -wal: SQLite makes one, empty, beside a store
        // any connection reads (as every reading command does); a commit not yet folded into the file shows as its bytes.
        var wal = db + "-wal";
        var walBytes = File.Exists(wal) ? File.ReadAllBytes(wal) : [];
        var bytes = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(db)))
            + (walBytes.Length > 0 ? " wal " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(walBytes)) : "");
        long Count(string table)
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
            return (long)cmd.ExecuteScalar()!;
        }
        var entries = Count("audit_entries");
        var heads = Count("audit_tree_heads");
        SqliteConnection.ClearAllPools();
        return new StoreSnapshot(entries, heads, bytes);
    }
}
