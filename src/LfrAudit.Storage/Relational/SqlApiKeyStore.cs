using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Storage.Relational;

internal sealed class SqlApiKeyStore(RelationalDatabase db) : IApiKeyStore
{
    public void Add(ApiKey k)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("INSERT INTO api_keys(key_id, client, role, secret_sha256, issued_at, issued_by) VALUES (@id, @c, @r, @h, @at, @by)", tx);
            c.Param("@id", k.Id.Value);
            c.Param("@c", k.Client);
            c.Param("@r", k.Role.Name());
            c.Param("@h", k.SecretHash);
            c.Param("@at", Codec.Time(k.IssuedAt));
            c.Param("@by", k.IssuedBy);
            try { c.ExecuteNonQuery(); }
            catch (Exception ex) when (db.IsUniqueViolation(ex)) { throw new LfrInputException($"API key {k.Id} already exists"); }
            tx.Commit();
        }
    }

    public void Revoke(ApiKey k)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            // Only a key not yet revoked: a second revocation racing the first changes nothing, and says so.
            using var c = db.Command("UPDATE api_keys SET revoked_at = @at, revoked_by = @by WHERE key_id = @id AND revoked_at IS NULL", tx);
            c.Param("@id", k.Id.Value);
            c.Param("@at", Codec.Time(k.RevokedAt ?? throw new ArgumentException("a revocation needs its time", nameof(k))));
            c.Param("@by", k.RevokedBy ?? throw new ArgumentException("a revocation needs who made it", nameof(k)));
            if (c.ExecuteNonQuery() != 1) throw new LfrInputException($"API key {k.Id} is not an unrevoked key of {db.Location}");
            tx.Commit();
        }
    }

    public ApiKey? Find(ApiKeyId id) => Query("WHERE key_id = @id", id.Value).FirstOrDefault();

    public IReadOnlyList<ApiKey> List() => Query("", null);

    private List<ApiKey> Query(string where, string? id)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"SELECT key_id, client, role, secret_sha256, issued_at, issued_by, revoked_at, revoked_by FROM api_keys {where} ORDER BY issued_at, key_id");
            if (id is not null) c.Param("@id", id);
            using var r = c.ExecuteReader();
            var list = new List<ApiKey>();
            while (r.Read())
                list.Add(new ApiKey(ApiKeyId.Parse(r.GetString(0)), r.GetString(1), Roles.Parse(r.GetString(2)), r.GetString(3), Codec.Time(r.GetString(4)), r.GetString(5))
                {
                    RevokedAt = r.IsDBNull(6) ? null : Codec.Time(r.GetString(6)),
                    RevokedBy = r.IsDBNull(7) ? null : r.GetString(7),
                });
            return list;
        }
    }
}
