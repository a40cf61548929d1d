using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Governance.Accounts;

/// <summary>
/// What a supervisor may do to a registered user, and the event each change raises (the use case appends it in the unit of
/// work that stores the change). A user is disabled only while active and enabled only while disabled (a repeat is
/// refused, not logged); removal is final: nothing changes a removed user again, and their name stays theirs. A scripted
/// user (no password) is never given one. No one may disable or remove the last supervisor who can sign in: the store would
/// be left with no one to manage its users or run its deployments.
/// </summary>
public static class AccountChanges
{
    /// <summary>
    /// The user disabled from now, and the event that records it; refused for a user already disabled or removed, or
    /// for the last supervisor who can sign in.
    /// </summary>
    public static (UserAccount User, UserDisabled Event) Disable(UserAccount user, IReadOnlyList<UserAccount> everyone, Actor by, DateTimeOffset at)
    {
        RequireNotRemoved(user);
        if (user.DisabledAt is { } since) throw new LfrInputException($"user '{user.Name}' is already disabled (since {LondonTime.Show(since)})");
        RequireAnotherSupervisor(user, everyone, "disable");
        return (user with { DisabledAt = at }, new UserDisabled(user.Name, by.Name, at, Via(by)));
    }

    /// <summary>A disabled user active again, and the event that records it; refused for anyone else.</summary>
    public static (UserAccount User, UserEnabled Event) Enable(UserAccount user, Actor by, DateTimeOffset at)
    {
        RequireNotRemoved(user);
        if (user.DisabledAt is null) throw new LfrInputException($"user '{user.Name}' is not disabled: only a disabled user is enabled");
        return (user with { DisabledAt = null }, new UserEnabled(user.Name, by.Name, at, Via(by)));
    }

    /// <summary>The user removed for good, and the event recording it; never the last supervisor who signs in.</summary>
    public static (UserAccount User, UserRemoved Event) Remove(UserAccount user, IReadOnlyList<UserAccount> everyone, Actor by, DateTimeOffset at)
    {
        RequireNotRemoved(user);
        RequireAnotherSupervisor(user, everyone, "remove");
        return (user with { RemovedAt = at }, new UserRemoved(user.Name, by.Name, at, Via(by)));
    }

    /// <summary>Whether a password may be given to <paramref name="user"/> at all; checked before one is asked for.</summary>
    public static void RequirePasswordChangeable(UserAccount user)
    {
        RequireNotRemoved(user);
        if (user.PasswordHash == UserAccount.NoPassword)
            throw new LfrInputException($"'{user.Name}' is a scripted user (no password, made by the demo or the simulator): a scripted user is never given a password, so no one can sign in as them");
    }

    /// <summary>The user with a new, dated password hash (older sessions end), and the event recording it.</summary>
    public static (UserAccount User, PasswordChanged Event) NewPassword(UserAccount user, string passwordHash, Actor by, DateTimeOffset at)
    {
        RequirePasswordChangeable(user);
        return (user with { PasswordHash = passwordHash, PasswordChangedAt = at }, new PasswordChanged(user.Name, by.Name, at, Via(by)));
    }

    /// <summary>A supervisor who can sign in now: active, with a password.</summary>
    public static bool IsSigningInSupervisor(UserAccount u) => u.Role == Role.Supervisor && u.IsActive && u.PasswordHash != UserAccount.NoPassword;

    private static void RequireNotRemoved(UserAccount user)
    {
        if (user.RemovedAt is { } at)
            throw new LfrInputException($"user '{user.Name}' was removed ({LondonTime.Show(at)}): removal is final, nothing changes a removed user and the name is never reused");
    }

    private static void RequireAnotherSupervisor(UserAccount user, IReadOnlyList<UserAccount> everyone, string change)
    {
        if (IsSigningInSupervisor(user) && !everyone.Any(u => u.Name != user.Name && IsSigningInSupervisor(u)))
            throw new LfrInputException($"'{user.Name}' is the last supervisor who can sign in: to {change} them would leave no one to manage users or run deployments; add or enable another supervisor first");
    }

    private static string Via(Actor by) => by.Via ?? "not named";
}
