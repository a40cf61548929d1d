namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A sign-in succeeds only for a registered user with a password, neither disabled nor removed: the console looks the name
/// up exactly, refuses a user who is not active as it refuses a wrong password, and checks the password's hash; a scripted
/// user has none. (A refused sign-in may name anyone: that is what it records.) As for
/// any actor, a log that has registered no user yet cannot say who is registered (<see cref="ActorRule"/>).
/// </summary>
internal sealed class SignInRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not SignInRecorded { Succeeded: true } s || before.Users.Count == 0) return;
        if (before.User(s.User) is not { } user)
            problem($"'{Shown.Text(s.User)}' signed in, but is not a registered user at this point of the log (no earlier user.added names them)");
        else if (user.Inactive is { } inactive)
            problem($"'{Shown.Text(s.User)}' signed in, but {inactive}");
        else if (user.Scripted)
            problem($"'{Shown.Text(s.User)}' signed in, but is a scripted user (entry {user.AddedAt}): they have no password, and no one can sign in as them");
    }
}
