using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>A key just issued: the stored key, and the token its client sends — shown this once, never stored.</summary>
public sealed record IssuedApiKey(ApiKey Key, ApiKeyToken Token);

/// <summary>
/// API keys for other force systems: issued and revoked by a registered supervisor at the command line, each change one
/// audit entry in the transaction that stores it; and a presented key checked on every request, so a revocation takes
/// effect at the client's next call wherever the console runs.
/// </summary>
public sealed class ApiKeyService(IStore store)
{
    /// <summary>Issues a key to <paramref name="client"/> acting as <paramref name="role"/> (supervisor or reviewer only).</summary>
    public IssuedApiKey Issue(string client, Role role, string by, string? via)
    {
        ApiKey.RequireValidClient(client);
        ApiKey.RequireMachineRole(role);
        var actor = Actors.Require(store, by, Permission.IssueApiKeys, via);
        var token = ApiKeyToken.New();
        var key = new ApiKey(token.Id, client, role, ApiKey.HashOf(token.Secret), store.Clock.GetUtcNow(), actor.Name);
        using var work = store.BeginUnitOfWork();
        store.ApiKeys.Add(key);
        work.Raise(new ApiKeyIssued(key.Id.Value, key.Client, key.Role.Name(), actor.Name, key.IssuedAt, actor.Via ?? "not named"));
        work.Commit();
        return new IssuedApiKey(key, token);
    }

    /// <summary>Revokes a key for good: the next request that presents it is refused.</summary>
    public ApiKey Revoke(string id, string by, string? via)
    {
        var keyId = ApiKeyId.Parse(id);
        var actor = Actors.Require(store, by, Permission.IssueApiKeys, via);
        using var work = store.BeginUnitOfWork();
        var key = store.ApiKeys.Find(keyId) ?? throw new LfrInputException($"API key {keyId} was never issued by {store.Location} (lfr apikeys list)");
        if (key.RevokedAt is { } at) throw new LfrInputException($"API key {keyId} ({key.Client}) was revoked already, {Governance.Calendar.LondonTime.Show(at)} by {key.RevokedBy}: revocation is final");
        var revoked = key with { RevokedAt = store.Clock.GetUtcNow(), RevokedBy = actor.Name };
        store.ApiKeys.Revoke(revoked);
        work.Raise(new ApiKeyRevoked(key.Id.Value, key.Client, actor.Name, revoked.RevokedAt.Value, actor.Via ?? "not named"));
        work.Commit();
        return revoked;
    }

    /// <summary>Every key ever issued, revoked ones too, in order of issue (never a secret: none is held).</summary>
    public IReadOnlyList<ApiKey> List() => store.ApiKeys.List();

    /// <summary>
    /// The key a client presented, if it is one: written as a token, issued by this store, not revoked, and its secret the
    /// one issued (compared in constant time). Anything else is null, so a refusal says nothing of which part was wrong.
    /// </summary>
    public ApiKey? Authenticate(string presented) =>
        ApiKeyToken.TryParse(presented) is { } token && store.ApiKeys.Find(token.Id) is { IsActive: true } key && key.Opens(token.Secret) ? key : null;

    /// <summary>Whether the key is still usable now (not revoked since): a long-lived answer asks this as it goes.</summary>
    public bool StillActive(ApiKeyId id) => store.ApiKeys.Find(id) is { IsActive: true };
}
