using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// Who may make a change the log records: a name given on the command line or by the console must be a registered user
/// (lfr users add), neither disabled nor removed, whose role allows the change; anything else is refused in one line before
/// anything changes. The actor carries what the change came through, so the log says which machine and account, or which
/// browser address.
/// </summary>
public static class Actors
{
    /// <summary>The named user, if they exist, are enabled and hold <paramref name="permission"/>; else refused in one line.</summary>
    public static Actor Require(IStore store, string name, Permission permission, string? via)
    {
        var cut = name.Length > 64 ? name[..64] + "…" : name;
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidValueException(InputField.Operator, cut, "name the registered user who does it");
        var shown = SafeText.Escape(cut);
        // Every registered name is plain ASCII (UserAccount): anything else is no one's, and is never sent to the store.
        var user = (UserAccount.IsPlainName(name.Trim()) ? store.Users.Find(name.Trim()) : null)
            ?? throw new LfrInputException($"'{shown}' is not a registered user of {store.Location}: {Permissions.WhoMay(permission)} must {Permissions.Describe(permission)} under their own name (lfr users list; lfr users add)");
        RequireActive(user);
        if (ScriptedUsers.IsScripted(user)) ScriptedUsers.RequireSimulationClock(store, user.Name);
        if (!user.Role.Allows(permission))
            throw new LfrInputException($"'{user.Name}' is {Article(user.Role)} {user.Role.Name()}: only {Permissions.WhoMay(permission)} may {Permissions.Describe(permission)}");
        return new Actor(user.Name, via);
    }

    /// <summary>A disabled or removed user acts no more: refused by name, as any actor who may not act.</summary>
    public static void RequireActive(UserAccount user)
    {
        switch (user.Status)
        {
            case UserStatus.Disabled:
                throw new LfrInputException($"'{user.Name}' is disabled: a disabled user acts only once a supervisor enables them (lfr users enable)");
            case UserStatus.Removed:
                throw new LfrInputException($"'{user.Name}' was removed: a removed user never acts again");
        }
    }

    private static string Article(Role r) => r == Role.Operator ? "an" : "a";
}
