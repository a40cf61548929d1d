using LfrAudit.Application.Accounts;
using LfrAudit.Core.Accounts;
using LfrAudit.Web.Security;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr users: the console's named users (added by an administrator at the command line, never over the web).</summary>
public static class UsersCommands
{
    public static Command Create(CommandBinder bind)
    {
        var users = new Command("users", "The console's named users: operators, supervisors, IAG reviewers");

        var name = new Argument<string>("name") { Description = "The user's name (2-64 letters, digits, dots, hyphens, underscores)" };
        var role = new Option<string>("--role") { Description = "operator, supervisor or reviewer", Required = true };
        var by = new Option<string>("--by") { Description = "The registered supervisor adding the user; for a store's first user, whoever adds them (recorded in the audit log)", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (else it is asked for on a terminal)" };
        var add = new Command("add", "Add a user; the password is stored only as a salted PBKDF2 hash") { name, role, by, passwordStdin };
        bind.Bind(add, c =>
        {
            var password = c.Get(passwordStdin) || !c.Output.IsInteractive
                ? Console.In.ReadLine() ?? throw new LfrInputException("no password on standard input")
                : c.Output.Console.Prompt(new TextPrompt<string>("Password (12 characters or more):").Secret());
            using var db = c.OpenDatabase();
            var user = Accounts(db, c).Add(c.Get(name)!, Roles.Parse(c.Get(role)!), password, c.Get(by)!, c.Via);
            c.Output.Line($"user {user.Name} added as {user.Role.Name()}");
            return ExitCodes.Ok;
        });

        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var list = new Command("list", "The users and their roles (never a password or its hash)") { json };
        bind.Bind(list, c =>
        {
            using var db = c.OpenForReading();
            var all = Accounts(db, c).List();
            if (c.Get(json)) c.Output.Json(all.Select(u => new { name = u.Name, role = u.Role.Name(), created_at = u.CreatedAt, created_by = u.CreatedBy }));
            else foreach (var u in all) c.Output.Line($"{u.Name}\t{u.Role.Name()}\tadded {CliTime.Show(u.CreatedAt)} by {u.CreatedBy}");
            return ExitCodes.Ok;
        });

        users.Subcommands.Add(add);
        users.Subcommands.Add(list);
        return users;
    }

    private static AccountService Accounts(IStore db, CommandContext c) => new(db, new IdentityPasswordHashing(), new SignInThrottle(db.Clock));
}
