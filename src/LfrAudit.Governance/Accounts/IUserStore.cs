
namespace LfrAudit.Governance.Accounts;

/// <summary>The console's users, persisted; the use case that changes them raises their audit events in the same unit of work.</summary>
public interface IUserStore
{
    /// <summary>Adds a user; a name already taken is refused.</summary>
    void Add(UserAccount user);

    /// <summary>
    /// Writes a registered user's standing and password as given: disabled (or enabled again), removed, a new password and
    /// when it was given. Their name, role and who added them never change; a user is never deleted.
    /// </summary>
    void Update(UserAccount user);

    /// <summary>
    /// Inside a unit of work: holds every other change to users until it ends, so what is read after it (the supervisors who
    /// can still sign in) is still so when the change commits. SQLite's write transaction already does; a server takes a lock.
    /// </summary>
    void HoldForChange();

    /// <summary>The user registered under exactly this name, whatever their standing (one lookup by the table's key).</summary>
    UserAccount? Find(string name);

    /// <summary>Every registered user, whatever their standing (removed ones too), in order of name.</summary>
    IReadOnlyList<UserAccount> List();
}
