using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryUserStore(InMemoryStore store) : IUserStore
{
    public void Add(UserAccount user) => store.Write(data =>
    {
        if (!data.Users.TryAdd(user.Name, user)) throw new LfrInputException($"user '{user.Name}' already exists");
    });

    public void Update(UserAccount user) => store.Write(data =>
    {
        if (!data.Users.TryGetValue(user.Name, out var held)) throw new LfrInputException($"user '{user.Name}' is not registered in {store.Location}");
        // As the table: only the standing and the password change.
        data.Users[user.Name] = held with
        {
            PasswordHash = user.PasswordHash, DisabledAt = user.DisabledAt, RemovedAt = user.RemovedAt, PasswordChangedAt = user.PasswordChangedAt,
        };
    });

    /// <summary>Memory is one process's: nothing else changes its users meanwhile.</summary>
    public void HoldForChange() { }

    public UserAccount? Find(string name) => store.Read(data => data.Users.GetValueOrDefault(name));

    public IReadOnlyList<UserAccount> List() => store.Read(data => data.Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).ToList());
}
