using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr apikeys: keys for other force systems to call the console's API with, issued and revoked by a supervisor at the
/// command line (never over the web), each one audit entry. The key is printed once, when issued; the store keeps only the
/// hash of its secret.
/// </summary>
internal static class ApiKeysCommands
{
    public static Command Create(CommandBinder bind)
    {
        var keys = new Command("apikeys", "API keys for other force systems: a supervisor's (queue without evidence, deployments, oversight) or a reviewer's (the IAG's exports); no key decides an alert");

        var client = new Argument<string>("client") { Description = "The system the key is for (2-64 letters, digits, dots, hyphens, underscores)" };
        var role = new Option<string>("--role") { Description = "supervisor or reviewer (never operator: a person decides every alert)", Required = true };
        var by = new Option<string>("--by") { Description = "The registered supervisor issuing the key (recorded in the audit log)", Required = true };
        var issueJson = new Option<bool>("--json") { Description = "Write JSON (the key included, once)" };
        var issue = new Command("issue", "Issue a key and print it once: keep it as a password is kept; the store holds only its hash") { client, role, by, issueJson };
        bind.Bind(issue, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var issued = new ApiKeyService(db).Issue(c.Get(client)!, Roles.Parse(c.Get(role)!), c.Get(by)!, c.Via);
            if (c.Get(issueJson))
                c.Output.Json(new { id = issued.Key.Id.Value, client = issued.Key.Client, role = issued.Key.Role.Name(), issued_at = issued.Key.IssuedAt, key = issued.Token.ToString() });
            else
            {
                c.Output.Line($"API key {issued.Key.Id} issued to {issued.Key.Client} as {issued.Key.Role.Name()}; send it as 'Authorization: Bearer KEY'. Shown this once:");
                c.Output.Line(issued.Token.ToString());
            }
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The key's id (k and 16 hex digits, as lfr apikeys list shows)" };
        var revokedBy = new Option<string>("--by") { Description = "The registered supervisor revoking the key (recorded in the audit log)", Required = true };
        var revoke = new Command("revoke", "Revoke a key for good: its client's next request is refused") { id, revokedBy };
        bind.Bind(revoke, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var key = new ApiKeyService(db).Revoke(c.Get(id)!, c.Get(revokedBy)!, c.Via);
            c.Output.Line($"API key {key.Id} ({key.Client}) revoked: its next request is refused");
            return ExitCodes.Ok;
        });

        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var list = new Command("list", "Every key issued: id, client, role, when and by whom, and whether revoked (never a secret: none is held)") { json };
        bind.Bind(list, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var all = new ApiKeyService(db).List();
            if (c.Get(json))
                c.Output.Json(all.Select(k => new
                {
                    id = k.Id.Value, client = k.Client, role = k.Role.Name(), issued_at = k.IssuedAt, issued_by = k.IssuedBy,
                    revoked_at = k.RevokedAt, revoked_by = k.RevokedBy,
                }));
            else
                foreach (var k in all)
                    c.Output.Line($"{k.Id}\t{k.Client}\t{k.Role.Name()}\tissued {CliTime.Show(k.IssuedAt)} by {k.IssuedBy}\t"
                        + (k.RevokedAt is { } at ? $"revoked {CliTime.Show(at)} by {k.RevokedBy}" : "active"));
            return ExitCodes.Ok;
        });

        keys.Subcommands.Add(issue);
        keys.Subcommands.Add(revoke);
        keys.Subcommands.Add(list);
        return keys;
    }
}
