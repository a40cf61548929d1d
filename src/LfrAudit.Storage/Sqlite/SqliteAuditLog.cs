using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The audit log kept in the store. Entries are appended inside the transaction of the change they record,
/// so a change and its audit entry commit together (WAL, synchronous=FULL: durable once committed) or not
/// at all. Nothing here updates or deletes an entry.
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase db, IClock clock) : IAuditLog
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
            var entry = new AuditEntry(seq, RecordTime(tx), type, data, prev);
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

    public MerkleTree Tree() { lock (db.Gate) return Tree(null); }

    private MerkleTree Tree(StoreTransaction? tx)
    {
        var tree = new MerkleTree();
        using var c = db.Command("SELECT leaf_hash FROM audit_entries ORDER BY seq", tx);
        using var r = c.ExecuteReader();
        while (r.Read()) tree.AppendLeafHash((byte[])r[0]);
        return tree;
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

    /// <summary>
    /// Signs the log as it is now and records the head, all under the store's write lock, so no other process
    /// can append or sign between the reading of the tree and the recording of its head. An empty log is not
    /// signed: there is nothing yet to vouch for.
    /// </summary>
    public TreeHead IssueTreeHead(ECDsa key)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            var tree = Tree(tx);
            if (tree.Size == 0) throw new LfrInputException($"{db.Path}: the audit log is empty: there is nothing to sign yet");
            var head = TreeHead.Sign(tree.Size, tree.Root(), RecordTime(tx), key);
            using var c = db.Command("INSERT INTO audit_tree_heads VALUES ($n, $r, $t, $k, $s)", tx);
            c.Parameters.AddWithValue("$n", head.TreeSize);
            c.Parameters.AddWithValue("$r", head.RootHash);
            c.Parameters.AddWithValue("$t", Codec.Time(head.Timestamp));
            c.Parameters.AddWithValue("$k", head.KeyId);
            c.Parameters.AddWithValue("$s", head.Signature);
            c.ExecuteNonQuery();
            tx.Commit();
            return head;
        }
    }

    /// <summary>The latest time the log holds: its last entry's or its last signed head's, whichever is later.</summary>
    public DateTimeOffset? LatestRecordedTime() { lock (db.Gate) return LatestRecordedTime(null); }

    private DateTimeOffset? LatestRecordedTime(StoreTransaction? tx)
    {
        // Runs on every append, so it reads two rows, never a table: records are dated in order, so the last entry
        // and the last head hold the latest times. Both are fixed-width UTC ISO 8601 strings: text order is time order.
        using var c = db.Command("""
            SELECT MAX(t) FROM (
              SELECT json_extract(canonical, '$.at') AS t FROM (SELECT canonical FROM audit_entries ORDER BY seq DESC LIMIT 1)
              UNION ALL SELECT t FROM (SELECT timestamp AS t FROM audit_tree_heads ORDER BY rowid DESC LIMIT 1))
            """, tx);
        return c.ExecuteScalar() is string s ? Codec.Time(s) : null;
    }

    /// <summary>
    /// How far behind the latest record a clock may read and still be taken as the same moment: a scripted
    /// simulation repeats a --now across several commands, and two simulated clocks side by side disagree by
    /// the seconds between their starts. Further behind, a command is refused when it opens the store.
    /// </summary>
    public static readonly TimeSpan SameMoment = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The time for a new entry or head, read while the write lock is held. With real clocks that is never
    /// earlier than what another process recorded before it took the lock. A simulated clock up to
    /// <see cref="SameMoment"/> behind is dated at the latest time already recorded, so the log's times never
    /// go backwards. (A clock further behind is refused before it records anything: <see cref="SqliteDatabase"/>.)
    /// </summary>
    private DateTimeOffset RecordTime(StoreTransaction? tx)
    {
        var now = clock.UtcNow;
        return LatestRecordedTime(tx) is { } latest && latest > now ? latest : now;
    }
}
