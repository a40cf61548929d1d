namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A change to a user (<see cref="IUserChange"/>) is about a user the log registered, made in the order the product allows
/// (<c>AccountChanges</c>): disabled only while active, enabled only while disabled, nothing at all once removed; and a new
/// password never goes to a scripted user, who has none. Who made it is a registered supervisor (<see cref="ActorRule"/>).
/// As for any actor, a log that has registered no user yet (a central store's site whose users another site's log added)
/// is only held to a name that is not empty.
/// </summary>
internal sealed class UserChangeRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not IUserChange c) return;
        if (c.User.Trim().Length == 0) { problem("'user' is empty: a change is made to a registered user, by name"); return; }
        if (before.Users.Count == 0) return;
        if (before.User(c.User) is not { } user)
        {
            problem($"'user' '{Shown.Text(c.User)}' is not a registered user at this point of the log (no earlier user.added names them)");
            return;
        }
        if (user.RemovedAt is { } removed)
        {
            problem($"user '{Shown.Text(c.User)}' was removed at entry {removed}: removal is final, nothing changes a removed user");
            return;
        }
        switch (c)
        {
            case UserDisabled when user.DisabledAt is { } since:
                problem($"user '{Shown.Text(c.User)}' is disabled again (disabled at entry {since}, not enabled since): a repeat is refused, not logged");
                break;
            case UserEnabled when user.DisabledAt is null:
                problem($"user '{Shown.Text(c.User)}' is enabled, but is not disabled at this point of the log: only a disabled user is enabled");
                break;
            case PasswordChanged when user.Scripted:
                problem($"user '{Shown.Text(c.User)}' is a scripted user (entry {user.AddedAt}): a scripted user has no password and is never given one");
                break;
        }
    }
}
