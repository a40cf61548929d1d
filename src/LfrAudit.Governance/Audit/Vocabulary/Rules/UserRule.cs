using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A user is added once, under a name the product accepts, by someone who may add users: once the log holds a supervisor
/// who can sign in, only a registered supervisor (<c>AccountService.Add</c>); before that — the first users of a store —
/// and for the users a scripted scenario registers (the demo, the simulator), the adder is recorded as named, one line
/// of plain text. Names are compared exactly, as the product's stores compare them (the users table's key).
/// </summary>
internal sealed class UserRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        if (e is not UserAdded u) return;
        if (!IsUserName(u.User)) problem($"user name '{Shown.Text(u.User)}' is not one the product accepts (2 to 64 letters, digits, dots, hyphens or underscores)");
        if (before.User(u.User) is { } first)
            problem($"user '{Shown.Text(u.User)}' is added again (first at entry {first.AddedAt}): a name is registered once");
        if (!UserAdded.IsScripted(u.Via) && before.HasSupervisorWithPassword)
        {
            if (ActorRule.Problem(u.By, Permission.AddUsers, before) is { } why) problem(why);
        }
        else if (u.By.Trim().Length is 0 or > 64 || u.By != u.By.Trim() || SafeText.HasControlCharacters(u.By))
            problem($"'by' '{Shown.Text(u.By)}' is not who added the user: one line of plain text naming them");
    }

    // The product's own check of a user name (UserAccount), which refuses by throwing.
    private static bool IsUserName(string name)
    {
        try { UserAccount.RequireValidName(name); return true; }
        catch (LfrInputException) { return false; }
    }
}
