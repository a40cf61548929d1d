using LfrAudit.Governance.Accounts;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// An API key is issued once, under an id and to a client the product writes, with a machine's role (a supervisor's or a
/// reviewer's: never an operator's, since no machine decides an alert), and revoked only once, after this log issued it.
/// Who issues and revokes is a registered supervisor (<see cref="ActorRule"/>).
/// </summary>
internal sealed class ApiKeyRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        switch (e)
        {
            case ApiKeyIssued k:
                if (!ApiKeyId.IsWellFormed(k.Key)) problem($"'key' '{Shown.Text(k.Key)}' is not an API key's id (k and 16 hex digits)");
                else if (before.ApiKeys.TryGetValue(k.Key, out var first)) problem($"API key {k.Key} is issued again (first at entry {first.IssuedAt}): an id is issued once");
                if (!UserAccount.IsPlainName(k.Client)) problem($"'client' '{Shown.Text(k.Client)}' is not a name the product accepts (2 to 64 letters, digits, dots, hyphens or underscores)");
                if (LogValues.RoleNamed(k.Role) is not { } role || !ApiKey.IsMachineRole(role))
                    problem($"'role' '{Shown.Text(k.Role)}' is not a role a key is issued with: supervisor or reviewer (no machine decides an alert)");
                break;
            case ApiKeyRevoked k:
                if (!before.ApiKeys.TryGetValue(k.Key, out var issued))
                    problem($"API key '{Shown.Text(k.Key)}' is revoked, but no earlier entry of this log issued it");
                else if (issued.RevokedAt is { } at)
                    problem($"API key {k.Key} is revoked again (first at entry {at}): revocation is final");
                break;
        }
    }
}
