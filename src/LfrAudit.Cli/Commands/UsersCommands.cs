using LfrAudit.Application.Accounts;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Web.Security;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr users: the console's named users, added and managed by a supervisor at the command line (never over the web): added,
/// disabled and enabled, removed for good, given a new password; each change one audit entry.
/// </summary>
internal static class UsersCommands
{
    public static Command Create(CommandBinder bind)
    {
        var users = new Command("users", "The console's named users: operators, supervisors, IAG reviewers");

        var name = new Argument<string>("name") { Description = "The user's name (2-64 letters, digits, dots, hyphens, underscores)" };
        var role = new Option<string>("--role") { Description = "operator, supervisor or reviewer", Required = true };
        var by = new Option<string>("--by") { Description = "The registered supervisor adding the user; for a store's first user, whoever adds them (recorded in the audit log)", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (else it is asked for on a terminal)" };
        var add = new Command("add", "Add a user; the password is stored only as a salted PBKDF2 hash") { name, role, by, passwordStdin };
        bind.Bind(add, Uses.Store | Uses.AuditKey, c =>
        {
            var password = ReadPassword(c, passwordStdin, "Password (12 characters or more):");
            using var db = c.OpenDatabase();
            var user = Accounts(db).Add(c.Get(name)!, Roles.Parse(c.Get(role)!), password, c.Get(by)!, c.Via);
            c.Output.Line($"user {user.Name} added as {user.Role.Name()}");
            return ExitCodes.Ok;
        });

        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var list = new Command("list", "The users: role, status (active, disabled, removed), when added and when their password last changed (never a password or its hash)") { json };
        bind.Bind(list, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var all = Accounts(db).List();
            if (c.Get(json))
                c.Output.Json(all.Select(u => new
                {
                    name = u.Name, role = u.Role.Name(), status = u.Status.Name(), created_at = u.CreatedAt, created_by = u.CreatedBy,
                    disabled_at = u.DisabledAt, removed_at = u.RemovedAt, password_changed_at = u.PasswordChangedAt,
                }));
            else foreach (var u in all) c.Output.Line($"{u.Name}\t{u.Role.Name()}\t{Status(u)}\tadded {CliTime.Show(u.CreatedAt)} by {u.CreatedBy}\t{Password(u)}");
            return ExitCodes.Ok;
        });

        users.Subcommands.Add(add);
        users.Subcommands.Add(list);
        users.Subcommands.Add(Change(bind, "disable", "Disable a user: they cannot sign in or act, and their console sessions end at once, until enabled",
            (m, user, sup, via) => m.Disable(user, sup, via), u => $"user {u.Name} disabled: their console sessions end at their next request"));
        users.Subcommands.Add(Change(bind, "enable", "Enable a disabled user again",
            (m, user, sup, via) => m.Enable(user, sup, via), u => $"user {u.Name} enabled"));
        users.Subcommands.Add(Change(bind, "remove", "Remove a user for good: they never sign in or act again, and the name is never given to anyone else",
            (m, user, sup, via) => m.Remove(user, sup, via), u => $"user {u.Name} removed (the name stays reserved)"));

        var who = new Argument<string>("name") { Description = "The registered user" };
        var supervisor = new Option<string>("--by") { Description = "The registered supervisor making the change (recorded in the audit log)", Required = true };
        var newPasswordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from the first line of standard input (else it is asked for on a terminal)" };
        var password = new Command("password", "Give a user a new password (12 characters or more): every console session begun before it ends") { who, supervisor, newPasswordStdin };
        bind.Bind(password, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var user = Management(db).ChangePassword(c.Get(who)!, () => ReadPassword(c, newPasswordStdin, "New password (12 characters or more):"), c.Get(supervisor)!, c.Via);
            c.Output.Line($"user {user.Name} has a new password: their console sessions begun before it end at their next request");
            return ExitCodes.Ok;
        });
        users.Subcommands.Add(password);
        return users;
    }

    /// <summary>One change to a user by a supervisor: NAME --by SUPERVISOR.</summary>
    private static Command Change(CommandBinder bind, string verb, string description, Func<UserManagement, string, string, string, UserAccount> change, Func<UserAccount, string> said)
    {
        var name = new Argument<string>("name") { Description = "The registered user" };
        var by = new Option<string>("--by") { Description = "The registered supervisor making the change (recorded in the audit log)", Required = true };
        var command = new Command(verb, description) { name, by };
        bind.Bind(command, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            c.Output.Line(said(change(Management(db), c.Get(name)!, c.Get(by)!, c.Via)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string ReadPassword(CommandContext c, Option<bool> fromStdin, string prompt) =>
        c.Get(fromStdin) || !c.Output.IsInteractive
            ? Console.In.ReadLine() ?? throw new LfrInputException("no password on standard input")
            : c.Output.Console.Prompt(new TextPrompt<string>(prompt).Secret());

    private static string Status(UserAccount u) => u.Status switch
    {
        UserStatus.Disabled => $"disabled {CliTime.Show(u.DisabledAt)}",
        UserStatus.Removed => $"removed {CliTime.Show(u.RemovedAt)}",
        _ => "active",
    };

    private static string Password(UserAccount u) =>
        u.PasswordHash == UserAccount.NoPassword ? "no password (scripted)"
        : u.PasswordChangedAt is { } at ? $"password changed {CliTime.Show(at)}" : "password as added";

    private static AccountService Accounts(IStore db) => new(db, new IdentityPasswordHashing(), new SignInThrottle(db.Clock));

    private static UserManagement Management(IStore db) => new(db, new IdentityPasswordHashing());
}
