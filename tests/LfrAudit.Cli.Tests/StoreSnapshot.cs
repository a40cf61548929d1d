using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>What a refusal must leave as it was: the audit log's length, the signed heads, and the store file's bytes.</summary>
public sealed record StoreSnapshot(long Entries, long Heads, string Sha256)
{
    public static StoreSnapshot Of(string db)
    {
        SqliteConnection.ClearAllPools();
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
        return new StoreSnapshot(entries, heads, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(db))));
    }
}
