using LfrAudit.Core.Accounts;

namespace LfrAudit.Core.Ports;

/// <summary>The console's users, persisted; the use case that changes them raises their audit events in the same unit of work.</summary>
public interface IUserStore
{
    /// <summary>Adds a user; a name already taken is refused.</summary>
    void Add(UserAccount user);

    UserAccount? Find(string name);

    IReadOnlyList<UserAccount> List();
}
