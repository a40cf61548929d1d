namespace LfrAudit.Governance.Accounts;

/// <summary>The API keys, persisted; the use case that issues or revokes one raises its audit event in the same unit of work.</summary>
public interface IApiKeyStore
{
    /// <summary>Adds a key (an id already taken is refused).</summary>
    void Add(ApiKey key);

    /// <summary>Records a key's revocation (its when and who); nothing else about a key ever changes.</summary>
    void Revoke(ApiKey key);

    /// <summary>The key with this id, revoked or not (one lookup by the table's key).</summary>
    ApiKey? Find(ApiKeyId id);

    /// <summary>Every key ever issued, in order of issue.</summary>
    IReadOnlyList<ApiKey> List();
}
