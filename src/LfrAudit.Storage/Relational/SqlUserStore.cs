using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Storage.Relational;

internal sealed class SqlUserStore(RelationalDatabase db) : IUserStore
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

    public void Update(UserAccount u)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("UPDATE users SET password_hash = @h, disabled_at = @d, removed_at = @r, password_changed_at = @p WHERE name = @n", tx);
            c.Param("@n", u.Name);
            c.Param("@h", u.PasswordHash);
            c.Text("@d", Time(u.DisabledAt));
            c.Text("@r", Time(u.RemovedAt));
            c.Text("@p", Time(u.PasswordChangedAt));
            if (c.ExecuteNonQuery() != 1) throw new LfrInputException($"user '{u.Name}' is not registered in {db.Location}");
            tx.Commit();
        }
    }

    public void HoldForChange()
    {
        lock (db.Gate)
        {
            if (!db.InSharedTransaction) throw new InvalidOperationException("a change to users is held only inside a unit of work");
            using var tx = db.Begin();
            db.LockUsers(tx);
        }
    }

    public UserAccount? Find(string name) => Query("WHERE name = @n", name).FirstOrDefault();

    public IReadOnlyList<UserAccount> List() => Query("", null);

    private List<UserAccount> Query(string where, string? name)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"SELECT name, role, password_hash, created_at, created_by, disabled_at, removed_at, password_changed_at FROM users {where} ORDER BY name");
            if (name is not null) c.Param("@n", name);
            using var r = c.ExecuteReader();
            var list = new List<UserAccount>();
            while (r.Read())
                list.Add(new UserAccount(r.GetString(0), Roles.Parse(r.GetString(1)), r.GetString(2), Codec.Time(r.GetString(3)), r.GetString(4))
                {
                    DisabledAt = Time(r, 5), RemovedAt = Time(r, 6), PasswordChangedAt = Time(r, 7),
                });
            return list;
        }
    }

    private static string? Time(DateTimeOffset? t) => t is { } v ? Codec.Time(v) : null;

    private static DateTimeOffset? Time(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : Codec.Time(r.GetString(i));
}
