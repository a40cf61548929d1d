using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>
/// One person, one name: a new user whose name differs from a registered one only in case ("Alice", "alice") is refused,
/// because people read the log and the pages and would take the two for one. Names are ASCII (<see
/// cref="UserAccount.RequireValidName"/>), so ignoring ASCII case is the whole comparison.
/// </summary>
internal static class UserNames
{
    public static void RequireFree(IStore store, string name)
    {
        if (store.Users.List().FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } taken) return;
        throw new LfrInputException(taken.Name == name
            ? $"user '{name}' already exists"
            : $"user '{name}' differs from the registered user '{taken.Name}' only in case: one person, one name; choose another name or use '{taken.Name}'");
    }
}
