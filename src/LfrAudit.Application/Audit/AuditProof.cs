using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>An inclusion proof for one entry against the latest signed tree head, and whether it checks out.</summary>
public sealed record InclusionProof(long Entry, string Canonical, byte[] LeafHash, TreeHead Head, IReadOnlyList<byte[]> AuditPath, bool Verified)
{
    /// <summary>The proof that <paramref name="entry"/> is in <paramref name="log"/> under its latest signed head.</summary>
    public static InclusionProof For(IAuditLog log, long entry)
    {
        var head = log.Heads().LastOrDefault() ?? throw new LfrInputException("the log has no signed tree head yet: sign one first");
        if (entry < 0 || entry >= head.TreeSize) throw new LfrInputException($"entry {entry} is not covered by the latest tree head (size {head.TreeSize})");
        var tree = log.Tree();
        var path = tree.InclusionProof(entry, head.TreeSize);
        var leaf = tree.Leaf(entry).ToArray();
        bool ok = MerkleTree.VerifyInclusion(entry, head.TreeSize, leaf, path, Convert.FromHexString(head.RootHash));
        return new InclusionProof(entry, log.Entries().ElementAt((int)entry), leaf, head, path, ok);
    }
}
