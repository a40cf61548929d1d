using System.Data.Common;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// A store call's transaction: its own, or a part of a shared one (then commit and dispose leave it to the owner). Its own
/// commit tells the store's watchers of the entries it appended; a rollback tells no one.
/// </summary>
internal sealed class StoreTransaction(DbTransaction inner, bool owns, RelationalDatabase db) : IDisposable
{
    public DbTransaction Inner { get; } = inner;

    public void Commit()
    {
        if (!owns) return;
        Inner.Commit();
        db.Committed();
    }

    public void Dispose()
    {
        if (!owns) return;
        Inner.Dispose();
        db.ChangePending = false;
    }
}
