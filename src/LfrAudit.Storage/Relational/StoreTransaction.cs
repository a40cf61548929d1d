using System.Data.Common;

namespace LfrAudit.Storage.Relational;

/// <summary>A store call's transaction: its own, or a part of a shared one (then commit and dispose leave it to the owner).</summary>
internal sealed class StoreTransaction(DbTransaction inner, bool owns) : IDisposable
{
    public DbTransaction Inner { get; } = inner;

    public void Commit()
    {
        if (owns) Inner.Commit();
    }

    public void Dispose()
    {
        if (owns) Inner.Dispose();
    }
}
