using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryApiKeyStore(InMemoryStore store) : IApiKeyStore
{
    public void Add(ApiKey key) => store.Write(data =>
    {
        if (!data.ApiKeys.TryAdd(key.Id.Value, key with { RevokedAt = null, RevokedBy = null })) throw new LfrInputException($"API key {key.Id} already exists");
    });

    public void Revoke(ApiKey key) => store.Write(data =>
    {
        // As the table: only a key not yet revoked, and only its revocation changes.
        if (!data.ApiKeys.TryGetValue(key.Id.Value, out var held) || !held.IsActive)
            throw new LfrInputException($"API key {key.Id} is not an unrevoked key of {store.Location}");
        data.ApiKeys[key.Id.Value] = held with { RevokedAt = key.RevokedAt, RevokedBy = key.RevokedBy };
    });

    public ApiKey? Find(ApiKeyId id) => store.Read(data => data.ApiKeys.GetValueOrDefault(id.Value));

    public IReadOnlyList<ApiKey> List() => store.Read(data => data.ApiKeys.Values.OrderBy(k => k.IssuedAt).ThenBy(k => k.Id.Value, StringComparer.Ordinal).ToList());
}
