using System.Text;

namespace LfrAudit.Governance.Audit;

/// <summary>How a log stands against a history seen before: it extends it, it is shorter, or its first entries differ.</summary>
public enum PrefixVerdict
{
    /// <summary>The log begins with the history seen: nothing kept was lost or changed.</summary>
    Extends,

    /// <summary>The log holds fewer entries than the history seen: rolled back, or an older export.</summary>
    Shorter,

    /// <summary>Its first entries do not hash to the root seen: history rewritten (and perhaps re-signed).</summary>
    Rewritten
}

/// <summary>
/// Whether a log begins with a history seen before. A verifier that checks an export only against itself cannot tell a
/// rollback (an older, shorter export) or a history rewritten and re-signed with the operator's own key from the real
/// thing; whoever kept a head, or holds the live log, can: the first entries must hash to the root it kept.
/// </summary>
public static class HistoryPrefix
{
    /// <summary>
    /// Whether <paramref name="lines"/> (entries as exported: each line is a Merkle leaf) begin with the history of
    /// <paramref name="seenSize"/> entries whose RFC 6962 root is <paramref name="seenRoot"/>. Every log extends the empty one.
    /// </summary>
    public static PrefixVerdict Against(IReadOnlyList<string> lines, long seenSize, ReadOnlySpan<byte> seenRoot)
    {
        if (seenSize == 0) return PrefixVerdict.Extends;
        if (lines.Count < seenSize) return PrefixVerdict.Shorter;
        var tree = new MerkleTree();
        for (int i = 0; i < seenSize; i++) tree.Append(Encoding.UTF8.GetBytes(lines[i]));
        return tree.Root().AsSpan().SequenceEqual(seenRoot) ? PrefixVerdict.Extends : PrefixVerdict.Rewritten;
    }

    /// <summary>
    /// The first of <paramref name="lines"/> that is not the same entry in <paramref name="longer"/> (a live log), or null
    /// when <paramref name="longer"/> holds every one of them, in order. An entry past its end counts as different.
    /// </summary>
    public static long? FirstDifference(MerkleTree longer, IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
            if (i >= longer.Size || !longer.Leaf(i).SequenceEqual(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(lines[i])))) return i;
        return null;
    }
}
