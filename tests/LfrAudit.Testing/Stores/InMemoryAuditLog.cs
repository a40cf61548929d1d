using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Testing.Stores;

/// <summary>The in-memory store's audit log: entries appended with each change, heads signed over the tree as it is.</summary>
internal sealed class InMemoryAuditLog(InMemoryStore store) : IAuditLog
{
    /// <summary>As the embedded store: a clock this far behind the latest record still counts as the same moment.</summary>
    public static readonly TimeSpan SameMoment = TimeSpan.FromMinutes(5);

    public long Size => store.Read(d => (long)d.Entries.Count);

    public IEnumerable<string> Entries() => EntriesFrom(0);

    public IEnumerable<string> EntriesFrom(long seq) =>
        store.Read(d => d.Entries.Where(e => e.Seq >= seq).Select(e => System.Text.Encoding.UTF8.GetString(e.Canonical())).ToList());

    public MerkleTree Tree() => store.Read(Tree);

    private static MerkleTree Tree(InMemoryStoreData d)
    {
        var tree = new MerkleTree();
        foreach (var e in d.Entries) tree.AppendLeafHash(e.LeafHash());
        return tree;
    }

    public IReadOnlyList<TreeHead> Heads() => store.Read(d => d.Heads.ToList());

    public TreeHead IssueTreeHead(ECDsa key) => store.Write(d =>
    {
        var tree = Tree(d);
        if (tree.Size == 0) throw new LfrInputException($"{store.Location}: the audit log is empty: there is nothing to sign yet");
        var head = TreeHead.Sign(tree.Size, tree.Root(), store.RecordTime(), key);
        d.Heads.Add(head);
        return head;
    });

    public DateTimeOffset? LatestRecordedTime() => store.Read(d =>
    {
        DateTimeOffset? entry = d.Entries.Count > 0 ? d.Entries[^1].At : null, head = d.Heads.Count > 0 ? d.Heads[^1].Timestamp : null;
        return entry > head || head is null ? entry : head;
    });
}
