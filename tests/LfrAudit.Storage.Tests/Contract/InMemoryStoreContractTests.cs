using LfrAudit.Governance.Stores;
using LfrAudit.Testing.Stores;

namespace LfrAudit.Storage.Tests.Contract;

/// <summary>
/// The in-memory store the use-case tests run on passes the same contract as the real adapters, so what those
/// tests show about the use cases holds on a real store too.
/// </summary>
[Trait("Category", "Dates")]
public sealed class InMemoryStoreContractTests : StoreContract
{
    private readonly InMemoryStoreData _data = new();

    protected override IStore Open(TimeProvider clock, StoreAccess access = StoreAccess.Write) => InMemoryStore.Open(_data, clock, access);

    public override void Dispose() { }
}
