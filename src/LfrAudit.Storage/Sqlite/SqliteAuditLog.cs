using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Ports;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The audit log kept in the store. Entries are appended inside the transaction of the change they record,
/// so a change and its audit entry commit together (WAL, synchronous=FULL: durable once committed) or not
/// at all. Nothing here updates or deletes an entry.
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase db, IClock clock)
{
    internal AuditEntry Append((string Type, JsonObject Data) e, StoreTransaction? tx = null) => Append(e.Type, e.Data, tx);

    internal AuditEntry Append(string type, JsonObject data, StoreTransaction? tx = null)
    {
        lock (db.Gate)
        {
            long seq = 0;
            string prev = AuditEntry.GenesisPrev;
            using (var last = db.Command("SELECT seq, leaf_hash FROM audit_entries ORDER BY seq DESC LIMIT 1", tx))
            using (var r = last.ExecuteReader())
                if (r.Read()) { seq = r.GetInt64(0) + 1; prev = Convert.ToHexStringLower((byte[])r[1]); }
            var entry = new AuditEntry(seq, clock.UtcNow, type, data, prev);
            var canonical = entry.Canonical();
            using var c = db.Command("INSERT INTO audit_entries VALUES ($s, $c, $h)", tx);
            c.Parameters.AddWithValue("$s", seq);
            c.Parameters.AddWithValue("$c", System.Text.Encoding.UTF8.GetString(canonical));
            c.Parameters.AddWithValue("$h", MerkleTree.LeafHash(canonical));
            c.ExecuteNonQuery();
            db.AuditAppended = true;
            return entry;
        }
    }

    public long Size
    {
        get { lock (db.Gate) { using var c = db.Command("SELECT COUNT(*) FROM audit_entries"); return (long)c.ExecuteScalar()!; } }
    }

    /// <summary>Every entry's canonical JSON, in order.</summary>
    public IEnumerable<string> Entries()
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT canonical FROM audit_entries ORDER BY seq");
            using var r = c.ExecuteReader();
            var all = new List<string>();
            while (r.Read()) all.Add(r.GetString(0));
            return all;
        }
    }

    public MerkleTree Tree()
    {
        lock (db.Gate)
        {
            var tree = new MerkleTree();
            using var c = db.Command("SELECT leaf_hash FROM audit_entries ORDER BY seq");
            using var r = c.ExecuteReader();
            while (r.Read()) tree.AppendLeafHash((byte[])r[0]);
            return tree;
        }
    }

    public IReadOnlyList<TreeHead> Heads()
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT tree_size, root_hash, timestamp, key_id, signature FROM audit_tree_heads ORDER BY rowid");
            using var r = c.ExecuteReader();
            var all = new List<TreeHead>();
            while (r.Read()) all.Add(new TreeHead(r.GetInt64(0), r.GetString(1), Codec.Time(r.GetString(2)), r.GetString(3), r.GetString(4)));
            return all;
        }
    }

    /// <summary>Signs the log as it is now and records the head.</summary>
    public TreeHead IssueTreeHead(ECDsa key)
    {
        lock (db.Gate)
        {
            var tree = Tree();
            var head = TreeHead.Sign(tree.Size, tree.Root(), clock.UtcNow, key);
            using var c = db.Command("INSERT INTO audit_tree_heads VALUES ($n, $r, $t, $k, $s)");
            c.Parameters.AddWithValue("$n", head.TreeSize);
            c.Parameters.AddWithValue("$r", head.RootHash);
            c.Parameters.AddWithValue("$t", Codec.Time(head.Timestamp));
            c.Parameters.AddWithValue("$k", head.KeyId);
            c.Parameters.AddWithValue("$s", head.Signature);
            c.ExecuteNonQuery();
            return head;
        }
    }
}
