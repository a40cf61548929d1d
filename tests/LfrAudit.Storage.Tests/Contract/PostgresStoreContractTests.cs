using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Testing;

namespace LfrAudit.Storage.Tests.Contract;

/// <summary>The central store passes the same contract as the embedded one, on a real PostgreSQL server.</summary>
[Trait("Category", "Dates")]
public sealed class PostgresStoreContractTests : StoreContract
{
    private readonly string _database = PostgresServer.Shared.NewDatabase("contract");

    protected override IStore Open(TimeProvider clock, StoreAccess access = StoreAccess.Write) => PostgresDatabase.Open(_database, clock, access);

    public override void Dispose() { }
}
