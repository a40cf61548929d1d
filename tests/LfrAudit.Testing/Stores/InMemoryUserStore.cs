using LfrAudit.Core.Accounts;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryUserStore(InMemoryStore store) : IUserStore
{
    public void Add(UserAccount user) => store.Write(data =>
    {
        if (!data.Users.TryAdd(user.Name, user)) throw new LfrInputException($"user '{user.Name}' already exists");
    });

    public UserAccount? Find(string name) => store.Read(data => data.Users.GetValueOrDefault(name));

    public IReadOnlyList<UserAccount> List() => store.Read(data => data.Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).ToList());
}
