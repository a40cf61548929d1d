using LfrAudit.Core.Accounts;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Storage.Relational;

public sealed class SqlUserStore(RelationalDatabase db) : IUserStore
{
    public void Add(UserAccount u)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("INSERT INTO users(name, role, password_hash, created_at, created_by) VALUES (@n, @r, @h, @at, @by)", tx);
            c.Param("@n", u.Name);
            c.Param("@r", u.Role.Name());
            c.Param("@h", u.PasswordHash);
            c.Param("@at", Codec.Time(u.CreatedAt));
            c.Param("@by", u.CreatedBy);
            try { c.ExecuteNonQuery(); }
            catch (Exception ex) when (db.IsUniqueViolation(ex)) { throw new LfrInputException($"user '{u.Name}' already exists"); }
            tx.Commit();
        }
    }

    public UserAccount? Find(string name) => Query("WHERE name = @n", name).FirstOrDefault();

    public IReadOnlyList<UserAccount> List() => Query("", null);

    private List<UserAccount> Query(string where, string? name)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"SELECT name, role, password_hash, created_at, created_by FROM users {where} ORDER BY name");
            if (name is not null) c.Param("@n", name);
            using var r = c.ExecuteReader();
            var list = new List<UserAccount>();
            while (r.Read()) list.Add(new UserAccount(r.GetString(0), Roles.Parse(r.GetString(1)), r.GetString(2), Codec.Time(r.GetString(3)), r.GetString(4)));
            return list;
        }
    }
}
