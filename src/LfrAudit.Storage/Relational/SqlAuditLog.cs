using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Audit.Vocabulary.Rules;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// One site's audit log kept in the store. Entries are appended inside the transaction of the change they
/// record, so a change and its audit entry commit together (durable once committed) or not at all. Appends to
/// one log are serialised (SQLite's write lock; a lock per site on a server), so its sequence never forks.
/// Nothing here updates or deletes an entry.
/// </summary>
internal sealed class SqlAuditLog(RelationalDatabase db, SiteId site) : IAuditLog
{
    public SiteId Site => site;

    /// <summary>Appends an event, dated by the store's clock (and marked when that is a simulation's), in the caller's transaction or one of its own.</summary>
    internal AuditEntry Append(IAuditEvent e, StoreTransaction? tx = null) => Append(e.Type, e.ToData(), tx);

    private AuditEntry Append(string type, JsonObject data, StoreTransaction? tx)
    {
        lock (db.Gate)
        {
            using var own = tx is null ? db.Begin() : null;
            var t = tx ?? own!;
            db.LockAuditLog(site, t);
            long seq = 0;
            string prev = AuditEntry.GenesisPrev;
            using (var last = db.Command("SELECT seq, leaf_hash FROM audit_entries WHERE site = @site ORDER BY seq DESC LIMIT 1", t))
            {
                last.Param("@site", site.Value);
                using var r = last.ExecuteReader();
                if (r.Read()) { seq = r.GetInt64(0) + 1; prev = Convert.ToHexStringLower((byte[])r[1]); }
            }
            var entry = new AuditEntry(seq, RecordTime(t), type, data, prev, db.Clock.IsSimulation() ? AuditEntry.SimulationClock : null);
            var canonical = entry.Canonical();
            using var c = db.Command("INSERT INTO audit_entries(site, seq, canonical, leaf_hash) VALUES (@site, @s, @c, @h)", t);
            c.Param("@site", site.Value);
            c.Param("@s", seq);
            c.Param("@c", System.Text.Encoding.UTF8.GetString(canonical));
            c.Param("@h", MerkleTree.LeafHash(canonical));
            c.ExecuteNonQuery();
            db.Appended(t);
            own?.Commit();
            if (site == db.Site) db.AuditAppended = true;
            return entry;
        }
    }

    public long Size
    {
        get
        {
            lock (db.Gate)
            {
                using var c = db.Command("SELECT COUNT(*) FROM audit_entries WHERE site = @site");
                c.Param("@site", site.Value);
                return Convert.ToInt64(c.ExecuteScalar()!);
            }
        }
    }

    /// <summary>Every entry's canonical JSON, in order.</summary>
    public IEnumerable<string> Entries() => EntriesFrom(0);

    public IEnumerable<string> EntriesFrom(long seq)
    {
        lock (db.Gate)
        {
            // The log's key is (site, seq): a reader that follows the log reads only what is new.
            using var c = db.Command("SELECT canonical FROM audit_entries WHERE site = @site AND seq >= @from ORDER BY seq");
            c.Param("@site", site.Value);
            c.Param("@from", seq);
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
        using var c = db.Command("SELECT leaf_hash FROM audit_entries WHERE site = @site ORDER BY seq", tx);
        c.Param("@site", site.Value);
        using var r = c.ExecuteReader();
        while (r.Read()) tree.AppendLeafHash((byte[])r[0]);
        return tree;
    }

    public IReadOnlyList<TreeHead> Heads()
    {
        lock (db.Gate)
        {
            using var c = db.Command($"SELECT tree_size, root_hash, timestamp, key_id, signature FROM audit_tree_heads WHERE site = @site ORDER BY {db.InsertionOrder}");
            c.Param("@site", site.Value);
            using var r = c.ExecuteReader();
            var all = new List<TreeHead>();
            while (r.Read()) all.Add(new TreeHead(r.GetInt64(0), r.GetString(1), Codec.Time(r.GetString(2)), r.GetString(3), r.GetString(4)));
            return all;
        }
    }

    /// <summary>
    /// Signs the log as it is now and records the head, all under the log's write lock, so no other process
    /// can append or sign between the reading of the tree and the recording of its head. An empty log is not
    /// signed: there is nothing yet to vouch for.
    /// </summary>
    public TreeHead IssueTreeHead(ECDsa key)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            db.LockAuditLog(site, tx);
            var tree = Tree(tx);
            if (tree.Size == 0) throw new LfrInputException($"{db.Location}: the audit log of site {site} is empty: there is nothing to sign yet");
            var head = TreeHead.Sign(tree.Size, tree.Root(), RecordTime(tx), key);
            using var c = db.Command("INSERT INTO audit_tree_heads(site, tree_size, root_hash, timestamp, key_id, signature) VALUES (@site, @n, @r, @t, @k, @s)", tx);
            c.Param("@site", site.Value);
            c.Param("@n", head.TreeSize);
            c.Param("@r", head.RootHash);
            c.Param("@t", Codec.Time(head.Timestamp));
            c.Param("@k", head.KeyId);
            c.Param("@s", head.Signature);
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
        // and the last head hold the latest times.
        DateTimeOffset? latest = null;
        using (var c = db.Command("SELECT canonical FROM audit_entries WHERE site = @site ORDER BY seq DESC LIMIT 1", tx))
        {
            c.Param("@site", site.Value);
            if (c.ExecuteScalar() is string canonical && JsonNode.Parse(canonical)?["at"]?.GetValue<string>() is { } at) latest = Codec.Time(at);
        }
        using (var c = db.Command($"SELECT timestamp FROM audit_tree_heads WHERE site = @site ORDER BY {db.InsertionOrder} DESC LIMIT 1", tx))
        {
            c.Param("@site", site.Value);
            if (c.ExecuteScalar() is string s && Codec.Time(s) is var head && (latest is null || head > latest)) latest = head;
        }
        return latest;
    }

    /// <summary>
    /// How far behind the latest record a clock may read and still be taken as the same moment: a scripted
    /// simulation repeats a --now across several commands, and two simulated clocks side by side disagree by
    /// the seconds between their starts. Further behind, a command is refused when it opens the store.
    /// Verification holds a step's own time to the same tolerance (TimeRule), so they are one value.
    /// </summary>
    public static readonly TimeSpan SameMoment = TimeRule.SameMoment;

    /// <summary>
    /// The time for a new entry or head, read while the log's write lock is held. With real clocks that is never
    /// earlier than what another process recorded before it took the lock. A simulated clock up to
    /// <see cref="SameMoment"/> behind is dated at the latest time already recorded, so the log's times never
    /// go backwards. (A clock further behind is refused before it records anything, when the store opens.)
    /// </summary>
    private DateTimeOffset RecordTime(StoreTransaction? tx)
    {
        var now = db.Clock.GetUtcNow();
        return LatestRecordedTime(tx) is { } latest && latest > now ? latest : now;
    }
}
