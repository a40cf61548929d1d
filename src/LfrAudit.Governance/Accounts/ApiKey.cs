using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Accounts;

/// <summary>
/// A key another force system uses to call the console's API: issued by a supervisor to a named client with a role, held
/// only as the SHA-256 of its secret (a random 256-bit secret needs no slow hash: nothing short enough to guess went into
/// it), and revoked for good. A machine is only ever a supervisor or a reviewer: it reads the queue, the oversight and the
/// audit log; it never decides an alert, since a person confirms or rejects every match before officers act.
/// </summary>
/// <param name="Id">The key's public half: how it is named in the log, the list and a revocation.</param>
/// <param name="Client">The system it was issued to, in the issuer's words (a plain name, as a user's).</param>
/// <param name="SecretHash">The SHA-256 of the secret, lower-case hex; the secret itself is shown once and never stored.</param>
public sealed record ApiKey(ApiKeyId Id, string Client, Role Role, string SecretHash, DateTimeOffset IssuedAt, string IssuedBy)
{
    /// <summary>When it was revoked (final); null while it may be used.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The supervisor who revoked it; null while it may be used.</summary>
    public string? RevokedBy { get; init; }

    /// <summary>Whether it may be used now: not revoked.</summary>
    public bool IsActive => RevokedAt is null;

    /// <summary>The roles a machine may hold: never an operator's, who decides alerts.</summary>
    public static bool IsMachineRole(Role role) => role is Role.Supervisor or Role.Reviewer;

    /// <summary>The role, if a machine may hold it; an operator's is refused, saying why.</summary>
    public static Role RequireMachineRole(Role role) => IsMachineRole(role) ? role
        : throw new LfrInputException($"an API key is never an {role.Name()}'s: a person confirms or rejects every alert; issue a supervisor's key (the queue without evidence, the oversight, the deployments) or a reviewer's (the audit log)");

    /// <summary>The SHA-256 of a secret, as stored and compared.</summary>
    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="secret"/> is this key's, compared in time that does not depend on where they differ.</summary>
    public bool Opens(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(secret)), Encoding.ASCII.GetBytes(SecretHash));

    /// <summary>A client's name: 2–64 letters, digits, dots, hyphens or underscores, as a user's (it is logged and listed).</summary>
    public static string RequireValidClient(string client) => UserAccount.IsPlainName(client) ? client
        : throw new LfrInputException($"client '{SafeText.Escape(client.Length > 64 ? client[..64] + "…" : client)}': name the system the key is for in 2 to 64 letters, digits, dots, hyphens or underscores");
}
