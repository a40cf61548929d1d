using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>
/// Users the tests act as, registered with a password like anyone added with lfr users add: scripted users act only on a
/// simulation clock, and these tests run on a fake real clock.
/// </summary>
public static class RegisteredUsers
{
    public static void Add(IStore store, string name, Role role)
    {
        if (store.Users.Find(name) is not null) return;
        var supervisor = store.Users.List().FirstOrDefault(u => u.Role == Role.Supervisor && !ScriptedUsers.IsScripted(u));
        new AccountService(store, new TestPasswordHashing(), new SignInThrottle(store.Clock))
            .Add(name, role, TestPasswordHashing.Password, supervisor?.Name ?? "test set-up", "test");
    }
}
