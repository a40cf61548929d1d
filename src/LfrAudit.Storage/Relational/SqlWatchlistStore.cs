using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Storage.Relational;

/// <summary>Enrolled watchlists. Each enrolment is kept as a new version; a name resolves to its latest.</summary>
internal sealed class SqlWatchlistStore(RelationalDatabase db) : IWatchlistStore
{
    public void Save(EnrolledWatchlist w)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            long id;
            using (var c = db.Command("INSERT INTO watchlists(name, content_hash, model_id, dimension, enrolled_at) VALUES (@n,@h,@m,@d,@t) RETURNING watchlist_id", tx))
            {
                c.Param("@n", w.Name);
                c.Param("@h", w.ContentHash);
                c.Param("@m", w.ModelId);
                c.Param("@d", w.Dimension);
                c.Param("@t", Codec.Time(w.EnrolledAt));
                id = Convert.ToInt64(c.ExecuteScalar()!);
            }
            using (var c = db.Command("INSERT INTO watchlist_entries(watchlist_id, entry_id, category, source, authorised_by, approved_at, expires_at, images) VALUES (@w,@id,@c,@s,@a,@ap,@ex,@img)", tx))
            {
                foreach (var e in w.Entries)
                {
                    c.Parameters.Clear();
                    c.Param("@w", id);
                    c.Param("@id", e.Id.Value);
                    c.Param("@c", e.Category.ToName());
                    c.Param("@s", e.Source);
                    c.Param("@a", e.AuthorisedBy);
                    c.Param("@ap", Codec.Time(e.ApprovedAt));
                    c.Param("@ex", Codec.Time(e.ExpiresAt));
                    c.Param("@img", JsonSerializer.Serialize(e.ReferenceImages));
                    c.ExecuteNonQuery();
                }
            }
            using (var c = db.Command("INSERT INTO watchlist_templates(watchlist_id, entry_id, image_sha256, embedding) VALUES (@w,@id,@sha,@emb)", tx))
            {
                foreach (var t in w.Templates)
                {
                    c.Parameters.Clear();
                    c.Param("@w", id);
                    c.Param("@id", t.Entry.Value);
                    c.Param("@sha", t.ImageSha256);
                    c.Param("@emb", Codec.Floats(t.Embedding));
                    c.ExecuteNonQuery();
                }
            }
            tx.Commit();
        }
    }

    public EnrolledWatchlist? Find(string name) => Find(name, null);

    public EnrolledWatchlist? Find(string name, string? contentHash)
    {
        lock (db.Gate)
        {
            long id;
            string model, hash;
            int dimension;
            DateTimeOffset at;
            using (var c = db.Command("SELECT watchlist_id, model_id, dimension, enrolled_at, content_hash FROM watchlists WHERE name=@n AND (@h IS NULL OR content_hash=@h) ORDER BY watchlist_id DESC LIMIT 1"))
            {
                c.Param("@n", name);
                c.Text("@h", contentHash);
                using var r = c.ExecuteReader();
                if (!r.Read()) return null;
                (id, model, dimension, at, hash) = (r.GetInt64(0), r.GetString(1), (int)r.GetInt64(2), Codec.Time(r.GetString(3)), r.GetString(4));
            }
            var entries = new List<WatchlistEntry>();
            using (var c = db.Command($"SELECT entry_id, category, source, authorised_by, approved_at, expires_at, images FROM watchlist_entries WHERE watchlist_id=@w ORDER BY {db.InsertionOrder}"))
            {
                c.Param("@w", id);
                using var r = c.ExecuteReader();
                while (r.Read())
                {
                    WatchlistCategories.TryParse(r.GetString(1), out var category);
                    entries.Add(new WatchlistEntry(new WatchlistEntryId(r.GetString(0)), category, r.GetString(2), r.GetString(3),
                        Codec.Time(r.GetString(4)), Codec.Time(r.GetString(5)), JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? []));
                }
            }
            var templates = new List<EnrolledTemplate>();
            using (var c = db.Command($"SELECT entry_id, image_sha256, embedding FROM watchlist_templates WHERE watchlist_id=@w ORDER BY {db.InsertionOrder}"))
            {
                c.Param("@w", id);
                using var r = c.ExecuteReader();
                while (r.Read())
                    templates.Add(new EnrolledTemplate(new WatchlistEntryId(r.GetString(0)), r.GetString(1), Codec.Floats((byte[])r[2])));
            }
            var watchlist = new EnrolledWatchlist(name, model, dimension, at, entries, templates);
            if (watchlist.ContentHash != hash)
                throw new LfrInputException($"{db.Location}: watchlist '{name}' does not match its recorded content hash (the store was altered); enrol it again");
            return watchlist;
        }
    }

    public IReadOnlyList<WatchlistSummary> List()
    {
        lock (db.Gate)
        {
            using var c = db.Command("""
                SELECT w.name, w.content_hash, w.model_id, w.enrolled_at,
                       (SELECT COUNT(*) FROM watchlist_entries e WHERE e.watchlist_id = w.watchlist_id),
                       (SELECT COUNT(*) FROM watchlist_templates t WHERE t.watchlist_id = w.watchlist_id)
                FROM watchlists w ORDER BY w.watchlist_id
                """);
            using var r = c.ExecuteReader();
            var list = new List<WatchlistSummary>();
            while (r.Read())
                list.Add(new WatchlistSummary(r.GetString(0), r.GetString(1), (int)r.GetInt64(4), (int)r.GetInt64(5), r.GetString(2), Codec.Time(r.GetString(3))));
            return list;
        }
    }
}
