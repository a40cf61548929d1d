using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>A store call's transaction: its own, or a part of a shared one (then commit and dispose leave it to the owner).</summary>
internal sealed class StoreTransaction(SqliteTransaction inner, bool owns) : IDisposable
{
    public SqliteTransaction Inner { get; } = inner;

    public void Commit()
    {
        if (owns) Inner.Commit();
    }

    public void Dispose()
    {
        if (owns) Inner.Dispose();
    }
}
