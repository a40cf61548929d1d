using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// The users a scripted scenario (the demo, the simulator) acts as: registered, with a role, named in every decision and
/// publication like anyone else, but with no password, so no one can sign in as them.
/// </summary>
public static class ScriptedUsers
{
    /// <summary>Matches no password: a hash no hasher produces.</summary>
    public const string NoPassword = UserAccount.NoPassword;

    /// <summary>Registers the user if the store does not hold them yet, and returns them as the actor of <paramref name="via"/>'s changes.</summary>
    public static Actor Ensure(IStore store, string name, Role role, string by, string via)
    {
        UserAccount.RequireValidName(name);
        RequireSimulationClock(store, name);
        if (store.Users.Find(name) is { } existing)
        {
            if (existing.Role != role) throw new LfrInputException($"user '{name}' is already a {existing.Role.Name()}, not a {role.Name()}");
            Actors.RequireActive(existing);
            return new Actor(name, via);
        }
        UserNames.RequireFree(store, name);
        var user = new UserAccount(name, role, NoPassword, store.Clock.GetUtcNow(), by);
        using var work = store.BeginUnitOfWork();
        store.Users.Add(user);
        work.Raise(new UserAdded(user.Name, user.Role.Name(), by, user.CreatedAt, $"{via} {UserAdded.ScriptedNote}"));
        work.Commit();
        return new Actor(name, via);
    }

    /// <summary>Whether the user is one a scenario acts as (no password: no one signs in as them).</summary>
    public static bool IsScripted(UserAccount user) => user.PasswordHash == NoPassword;

    /// <summary>
    /// A scripted user acts only on a simulation clock (the demo, lfr simulate, --now): no one signed in as them, so a
    /// real-time record in their name would be a real change no person answers for.
    /// </summary>
    public static void RequireSimulationClock(IStore store, string name)
    {
        if (!store.Clock.IsSimulation())
            throw new LfrInputException($"'{name}' is a scripted user (no password, made by the demo or the simulator): scripted users act only on a simulation clock; on the real clock name a user added with a password");
    }
}
