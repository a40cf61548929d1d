using LfrAudit.Core.Accounts;
using LfrAudit.Core.Audit.Vocabulary;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// The users a scripted scenario (the demo, the simulator) acts as: registered, with a role, named in every decision and
/// publication like anyone else, but with no password, so no one can sign in as them.
/// </summary>
public static class ScriptedUsers
{
    /// <summary>Matches no password: a hash no hasher produces.</summary>
    public const string NoPassword = "!";

    /// <summary>Registers the user if the store does not hold them yet, and returns them as the actor of <paramref name="via"/>'s changes.</summary>
    public static Actor Ensure(IStore store, string name, Role role, string by, string via)
    {
        UserAccount.RequireValidName(name);
        if (store.Users.Find(name) is { } existing)
        {
            if (existing.Role != role) throw new LfrInputException($"user '{name}' is already a {existing.Role.Name()}, not a {role.Name()}");
            return new Actor(name, via);
        }
        var user = new UserAccount(name, role, NoPassword, store.Clock.GetUtcNow(), by);
        using var work = store.BeginUnitOfWork();
        store.Users.Add(user);
        work.Raise(new UserAdded(user.Name, user.Role.Name(), by, user.CreatedAt, $"{via} {UserAdded.ScriptedNote}"));
        work.Commit();
        return new Actor(name, via);
    }
}
