using LfrAudit.Core.Accounts;
using LfrAudit.Core.Audit.Vocabulary;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// Who may make a change the log records: a name given on the command line or by the console must be a registered user
/// (lfr users add) whose role allows the change; anything else is refused in one line before anything changes. The
/// actor carries what the change came through, so the log says which machine and account, or which browser address.
/// </summary>
public static class Actors
{
    public static Actor Require(IStore store, string name, Permission permission, string? via)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidValueException(InputField.Operator, name, "name the registered user who does it");
        var shown = Core.Inputs.SafeText.Escape(name.Length > 64 ? name[..64] + "…" : name);
        var user = store.Users.Find(name.Trim())
            ?? throw new LfrInputException($"'{shown}' is not a registered user of {store.Location}: {Permissions.WhoMay(permission)} must {Permissions.Describe(permission)} under their own name (lfr users list; lfr users add)");
        if (ScriptedUsers.IsScripted(user)) ScriptedUsers.RequireSimulationClock(store, user.Name);
        if (!user.Role.Allows(permission))
            throw new LfrInputException($"'{user.Name}' is {Article(user.Role)} {user.Role.Name()}: only {Permissions.WhoMay(permission)} may {Permissions.Describe(permission)}");
        return new Actor(user.Name, via);
    }

    private static string Article(Role r) => r == Role.Operator ? "an" : "a";
}
