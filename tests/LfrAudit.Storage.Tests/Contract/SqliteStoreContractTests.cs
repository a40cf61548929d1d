using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Tests.Contract;

/// <summary>The embedded SQLite store passes the store contract.</summary>
[Trait("Category", "Dates")]
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-contract-").FullName;

    protected override IStore Open(TimeProvider clock, StoreAccess access = StoreAccess.Write) =>
        SqliteDatabase.Open(Path.Combine(_dir, "store.db"), clock, access);

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
