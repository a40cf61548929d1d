using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// A supervisor's changes to the console's users, each made by a registered supervisor who may add users and each one audit
/// entry in the transaction that stores it: disable (no sign-in, no act, and their console sessions end at once), enable,
/// remove (final: the name stays theirs), and a new password (every session begun before it ends). What may change is
/// <see cref="AccountChanges"/>'s to say; it is decided while changes to users are held, so two supervisors at once cannot
/// between them disable the last supervisor who can sign in.
/// </summary>
public sealed class UserManagement(IStore store, IPasswordHashing hashing)
{
    /// <summary>Stops a user signing in or deciding; their past decisions stay theirs. Never the last supervisor who can sign in.</summary>
    public UserAccount Disable(string name, string by, string via) => Change(name, by, via, (user, everyone, actor, at) => AccountChanges.Disable(user, everyone, actor, at));

    /// <summary>Lets a disabled user sign in again.</summary>
    public UserAccount Enable(string name, string by, string via) => Change(name, by, via, (user, _, actor, at) => AccountChanges.Enable(user, actor, at));

    /// <summary>Removes a user for good: final, and the name is never reused. Never the last supervisor who can sign in.</summary>
    public UserAccount Remove(string name, string by, string via) => Change(name, by, via, (user, everyone, actor, at) => AccountChanges.Remove(user, everyone, actor, at));

    /// <summary>
    /// Gives a user a new password, under the same rules as a new user's, asked for (<paramref name="newPassword"/>) only once
    /// who asks and for whom are known to be allowed: a refusal never waits for someone to type. The new password is never the
    /// one it replaces.
    /// </summary>
    public UserAccount ChangePassword(string name, Func<string> newPassword, string by, string via)
    {
        var (user, _) = Check(name, by, via);
        AccountChanges.RequirePasswordChangeable(user);
        var password = newPassword();
        AccountService.RequireStrongEnough(user.Name, password);
        if (hashing.Verify(user.Name, user.PasswordHash, password))
            throw new LfrInputException($"the new password for '{user.Name}' is the one it replaces: choose another");
        var hash = hashing.Hash(user.Name, password);
        return Change(name, by, via, (held, _, actor, at) => AccountChanges.NewPassword(held, hash, actor, at));
    }

    private delegate (UserAccount User, TEvent Event) Decide<TEvent>(UserAccount user, IReadOnlyList<UserAccount> everyone, Actor by, DateTimeOffset at);

    // Who asks and the user are read again once changes are held: what is decided is what is stored. A refusal rolls back.
    private UserAccount Change<TEvent>(string name, string by, string via, Decide<TEvent> decide) where TEvent : IAuditEvent
    {
        using var work = store.BeginUnitOfWork();
        store.Users.HoldForChange();
        var (user, actor) = Check(name, by, via);
        var (changed, e) = decide(user, store.Users.List(), actor, store.Clock.GetUtcNow());
        store.Users.Update(changed);
        work.Raise(e);
        work.Commit();
        return changed;
    }

    private (UserAccount User, Actor Actor) Check(string name, string by, string via)
    {
        var actor = Actors.Require(store, by, Permission.AddUsers, via);
        // Every registered name is plain ASCII (UserAccount): anything else is no one's, and is never sent to the store.
        var user = (UserAccount.IsPlainName(name) ? store.Users.Find(name) : null)
            ?? throw new LfrInputException($"'{SafeText.Escape(name.Length > 64 ? name[..64] + "…" : name)}' is not a registered user of {store.Location} (lfr users list)");
        return (user, actor);
    }
}
