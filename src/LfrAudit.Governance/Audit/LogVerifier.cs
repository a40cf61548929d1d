using System.Security.Cryptography;
using System.Text;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// What <see cref="LogVerifier"/> found in an exported log: the verdict a witness or the IAG is given.
/// </summary>
/// <param name="Entries">How many entry lines the export holds, well formed or not.</param>
/// <param name="Heads">How many tree-head lines are well-formed heads, whether or not their signature holds.</param>
/// <param name="Problems">
/// Each problem found, one line each: the first <see cref="LogVerifier.MaxProblems"/> word for word, then a line
/// counting the rest.
/// </param>
/// <param name="FirstBadEntry">
/// The entry named with the first problem reported at an entry (changed, removed, inserted, out of order or past the
/// end); null when none was.
/// </param>
public sealed record VerificationResult(long Entries, int Heads, IReadOnlyList<string> Problems, long? FirstBadEntry)
{
    /// <summary>
    /// Nothing was found wrong: every entry is linked, covered by a signed head, and every head holds.
    /// </summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Verifies an exported log offline, trusting nothing but the public key: each entry's sequence number and
/// link to the one before locate the first entry changed, removed, inserted or reordered; each tree head's
/// signature must hold and its root must be the Merkle root of the entries it covers; and successive heads
/// must be consistent (the later extends the earlier), checked with RFC 6962 consistency proofs.
/// </summary>
public static class LogVerifier
{
    /// <summary>How many problems are kept word for word; a log damaged throughout would otherwise give a report as long as itself.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// Verifies exported lines as they are: a line that is not a well-formed entry or head is a located problem like
    /// any other tampering, never an exception. An entry line must be its own canonical JSON, byte for byte, since
    /// that is the Merkle leaf (a witness hashes the lines as they are); a head line must hold exactly a head's
    /// members, whose content its signature covers.
    /// </summary>
    public static VerificationResult Verify(IReadOnlyList<string> entryLines, IReadOnlyList<string> headLines, ECDsa publicKey)
    {
        var heads = new List<HeadLine>(headLines.Count);
        for (int i = 0; i < headLines.Count; i++)
            heads.Add(TreeHead.TryParse(headLines[i], out var problem) is { } head ? new HeadLine(i + 1, head, null) : new HeadLine(i + 1, null, problem));
        return Verify(entryLines, heads, publicKey);
    }

    /// <summary>Verifies entry lines against heads already read (from a store): a head numbered n is the n-th in the list.</summary>
    public static VerificationResult Verify(IReadOnlyList<string> entryLines, IReadOnlyList<TreeHead> heads, ECDsa publicKey) =>
        Verify(entryLines, heads.Select((h, i) => h.Problem() is { } p ? new HeadLine(i + 1, null, p) : new HeadLine(i + 1, h, null)).ToList(), publicKey);

    /// <summary>A tree head as numbered in its file (its line), or why that line is not one.</summary>
    private sealed record HeadLine(int Number, TreeHead? Head, string? Malformed);

    private static VerificationResult Verify(IReadOnlyList<string> entryLines, IReadOnlyList<HeadLine> headLines, ECDsa publicKey)
    {
        var found = new Findings();
        var tree = new MerkleTree();
        byte[]? previousLeaf = null;
        DateTimeOffset? previousAt = null;
        for (int i = 0; i < entryLines.Count; i++)
        {
            var line = entryLines[i];
            if (ReadEntry(line, i + 1, out var problem) is not (var entry, var canonical))
            {
                found.Entry(i, problem);
                // Still a leaf, so the heads' roots are checked over what is there; its links prove nothing either way.
                tree.AppendLeafHash(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(line)));
                previousLeaf = null;
                previousAt = null;
                continue;
            }
            var leaf = MerkleTree.LeafHash(canonical);
            tree.AppendLeafHash(leaf);
            if (entry.Seq != i)
                found.Entry(i, entry.Seq > i
                    ? $"entry {i} is missing: line {i + 1} holds entry {entry.Seq} (entries removed)"
                    : $"line {i + 1} holds entry {entry.Seq} again or out of order, where entry {i} belongs (inserted or reordered)");
            else if (previousLeaf is not null && !string.Equals(entry.Prev, Convert.ToHexStringLower(previousLeaf), StringComparison.Ordinal))
                found.Entry(i - 1, $"entry {i - 1} was changed: entry {i} records a different hash for it");
            else if (i == 0 && entry.Prev != AuditEntry.GenesisPrev)
                found.Entry(0, "entry 0 does not start the log (its link to a previous entry is not empty): entries removed from the start");
            else if (previousAt is { } before && entry.At < before)
                found.Entry(i, $"entry {i} is dated {AuditEntry.Time(entry.At)}, before entry {i - 1} ({AuditEntry.Time(before)}): the log's times go backwards");
            previousLeaf = leaf;
            previousAt = entry.At;
        }

        var keyId = TreeHead.KeyIdOf(publicKey);
        var signed = new List<(int Number, TreeHead Head)>(); // well-formed heads whose signature holds, in file order
        TreeHead? lastGood = null;
        foreach (var line in headLines)
        {
            if (line.Head is not { } head)
            {
                found.Add($"tree head at line {line.Number}: {line.Malformed}: changed or corrupted");
                continue;
            }
            var name = $"tree head {line.Number} (size {head.TreeSize}, {AuditEntry.Time(head.Timestamp)})";
            if (head.KeyId != keyId || !head.VerifySignature(publicKey))
            {
                found.Add($"{name}: signature does not verify with the trusted public key ({(head.KeyId != keyId ? $"signed by another key: key id {head.KeyId}, not the trusted key id {keyId}" : "forged or altered")})");
                continue;
            }
            signed.Add((line.Number, head));
            if (head.TreeSize > tree.Size)
            {
                found.Entry(tree.Size, $"{name}: covers {head.TreeSize} entries but the export has {tree.Size}: the log was truncated");
                continue;
            }
            var root = Convert.ToHexStringLower(tree.Root(head.TreeSize));
            if (root != head.RootHash)
            {
                long from = lastGood?.TreeSize ?? 0;
                // A change to entry k < last is caught by entry k+1's link; with no broken link, the last one it covers changed.
                if (found.FirstBadEntry is null)
                    found.Entry(head.TreeSize - 1, $"{name}: its root does not match the entries: entry {head.TreeSize - 1}, the last it covers, was changed (or history from entry {from} on was rewritten)");
                else
                    found.Add($"{name}: its root does not match entries 0-{head.TreeSize - 1}");
                continue;
            }
            if (lastGood is { } earlier)
            {
                if (head.TreeSize < earlier.TreeSize || head.Timestamp < earlier.Timestamp)
                    found.Add($"{name}: goes back in size or time from the head before it");
                else if (head.TreeSize > earlier.TreeSize && earlier.TreeSize > 0) // every log extends the empty one
                {
                    var proof = tree.ConsistencyProof(earlier.TreeSize, head.TreeSize);
                    if (!MerkleTree.VerifyConsistency(earlier.TreeSize, head.TreeSize, Convert.FromHexString(earlier.RootHash), Convert.FromHexString(head.RootHash), proof))
                        found.Add($"{name} is not consistent with the head of size {earlier.TreeSize} before it");
                }
            }
            lastGood = head;
        }
        for (int h = 0; h + 1 < signed.Count; h++)
            if (signed[h].Head.TreeSize == signed[h + 1].Head.TreeSize && signed[h].Head.RootHash != signed[h + 1].Head.RootHash)
                found.Add($"tree heads {signed[h].Number} and {signed[h + 1].Number} both sign size {signed[h].Head.TreeSize} with different roots: two histories (a split view)");
        int wellFormed = headLines.Count(l => l.Head is not null);
        if (wellFormed == 0) found.Add("no signed tree head: nothing vouches for these entries");
        else if (lastGood is { } last && last.TreeSize < tree.Size)
            found.Add($"entries {last.TreeSize}-{tree.Size - 1} are not covered by any valid signed tree head");
        return new VerificationResult(tree.Size, wellFormed, found.All(), found.FirstBadEntry);
    }

    /// <summary>The entry a line holds and its canonical bytes, which must be the line itself; or null and why not.</summary>
    private static (AuditEntry Entry, byte[] Canonical)? ReadEntry(string line, int number, out string problem)
    {
        if (!AuditEntry.TryParse(line, out var entry, out var malformed))
        {
            problem = $"entry at line {number} is not a valid audit entry ({malformed}): changed or corrupted";
            return null;
        }
        var canonical = entry.Canonical();
        if (Encoding.UTF8.GetString(canonical) != line)
        {
            problem = $"entry at line {number} is not written in canonical JSON (its spacing, member order or the form of a value differ from what was logged): changed";
            return null;
        }
        problem = "";
        return (entry, canonical);
    }

    /// <summary>The problems found, the first <see cref="MaxProblems"/> word for word and a count of the rest; and the first bad entry.</summary>
    private sealed class Findings
    {
        private readonly List<string> _kept = [];
        private long _more;

        public long? FirstBadEntry { get; private set; }

        public void Add(string problem)
        {
            if (_kept.Count < MaxProblems) _kept.Add(problem);
            else _more++;
        }

        /// <summary>A problem at an entry: the first one reported is the one a verifier names as the first bad entry.</summary>
        public void Entry(long at, string problem)
        {
            FirstBadEntry ??= at;
            Add(problem);
        }

        public IReadOnlyList<string> All() => _more == 0 ? _kept : [.. _kept, $"and {_more} more problem{(_more == 1 ? "" : "s")} not listed"];
    }
}
