using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LfrAudit.Core.Audit;

public sealed record VerificationResult(long Entries, int Heads, IReadOnlyList<string> Problems, long? FirstBadEntry)
{
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
    /// <summary>
    /// Verifies exported lines as they are: a head line that is not a well-formed head is a located problem like
    /// any other tampering, never an exception.
    /// </summary>
    public static VerificationResult Verify(IReadOnlyList<string> entryLines, IReadOnlyList<string> headLines, ECDsa publicKey)
    {
        var heads = new List<TreeHead>();
        var malformed = new List<string>();
        for (int i = 0; i < headLines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(headLines[i])) continue;
            if (TreeHead.TryParse(headLines[i], out var problem) is { } head) heads.Add(head);
            else malformed.Add($"tree head at line {i + 1}: {problem}: changed or corrupted");
        }
        var result = Verify(entryLines, heads, publicKey);
        return malformed.Count == 0 ? result : result with { Problems = [.. malformed, .. result.Problems] };
    }

    public static VerificationResult Verify(IReadOnlyList<string> entryLines, IReadOnlyList<TreeHead> heads, ECDsa publicKey)
    {
        var problems = new List<string>();
        long? firstBad = null;
        void Bad(long at, string problem)
        {
            firstBad ??= at;
            if (problems.Count < 20) problems.Add(problem);
        }

        var tree = new MerkleTree();
        byte[]? previousLeaf = null;
        DateTimeOffset? previousAt = null;
        for (int i = 0; i < entryLines.Count; i++)
        {
            byte[] canonical;
            AuditEntry entry;
            try
            {
                var node = JsonNode.Parse(entryLines[i]) as JsonObject ?? throw new JsonException("not an object");
                entry = AuditEntry.FromJson(node);
                canonical = entry.Canonical();
            }
            catch (Exception ex) when (ex is JsonException or NullReferenceException or InvalidOperationException or FormatException or KeyNotFoundException or OverflowException or ArgumentException)
            {
                Bad(i, $"entry at line {i + 1} is not a valid audit entry ({ex.GetType().Name}): changed or corrupted");
                tree.AppendLeafHash(MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(entryLines[i])));
                previousLeaf = null;
                previousAt = null;
                continue;
            }
            var leaf = MerkleTree.LeafHash(canonical);
            tree.AppendLeafHash(leaf);
            if (entry.Seq != i)
                Bad(i, entry.Seq > i
                    ? $"entry {i} is missing: line {i + 1} holds entry {entry.Seq} (entries removed)"
                    : $"line {i + 1} holds entry {entry.Seq} again or out of order, where entry {i} belongs (inserted or reordered)");
            else if (previousLeaf is not null && !string.Equals(entry.Prev, Convert.ToHexStringLower(previousLeaf), StringComparison.Ordinal))
                Bad(i - 1, $"entry {i - 1} was changed: entry {i} records a different hash for it");
            else if (i == 0 && entry.Prev != AuditEntry.GenesisPrev)
                Bad(0, "entry 0 does not start the log (its link to a previous entry is not empty): entries removed from the start");
            else if (previousAt is { } before && entry.At < before)
                Bad(i, $"entry {i} is dated {AuditEntry.Time(entry.At)}, before entry {i - 1} ({AuditEntry.Time(before)}): the log's times go backwards");
            previousLeaf = leaf;
            previousAt = entry.At;
        }

        var keyId = TreeHead.KeyIdOf(publicKey);
        TreeHead? lastGood = null;
        for (int h = 0; h < heads.Count; h++)
        {
            var head = heads[h];
            var name = $"tree head {h + 1} (size {head.TreeSize}, {AuditEntry.Time(head.Timestamp)})";
            if (head.KeyId != keyId || !head.VerifySignature(publicKey))
            {
                problems.Add($"{name}: signature does not verify with the exported public key ({(head.KeyId != keyId ? "signed by another key" : "forged or altered")})");
                continue;
            }
            if (head.TreeSize < 0)
            {
                problems.Add($"{name}: a negative size: forged or altered");
                continue;
            }
            if (head.TreeSize > tree.Size)
            {
                Bad(tree.Size, $"{name}: covers {head.TreeSize} entries but the export has {tree.Size}: the log was truncated");
                continue;
            }
            var root = Convert.ToHexStringLower(tree.Root(head.TreeSize));
            if (root != head.RootHash)
            {
                long from = lastGood?.TreeSize ?? 0;
                // A change to entry k < last is caught by entry k+1's link; with no broken link, the last one it covers changed.
                if (firstBad is null)
                    Bad(head.TreeSize - 1, $"{name}: its root does not match the entries: entry {head.TreeSize - 1}, the last it covers, was changed (or history from entry {from} on was rewritten)");
                else
                    problems.Add($"{name}: its root does not match entries 0-{head.TreeSize - 1}");
                continue;
            }
            if (lastGood is { } earlier)
            {
                if (head.TreeSize < earlier.TreeSize || head.Timestamp < earlier.Timestamp)
                    problems.Add($"{name}: goes back in size or time from the head before it");
                else if (head.TreeSize > earlier.TreeSize && earlier.TreeSize > 0) // every log extends the empty one
                {
                    var proof = tree.ConsistencyProof(earlier.TreeSize, head.TreeSize);
                    if (!MerkleTree.VerifyConsistency(earlier.TreeSize, head.TreeSize, Convert.FromHexString(earlier.RootHash), Convert.FromHexString(head.RootHash), proof))
                        problems.Add($"{name} is not consistent with the head of size {earlier.TreeSize} before it");
                }
            }
            lastGood = head;
        }
        for (int h = 0; h + 1 < heads.Count; h++)
            if (heads[h].TreeSize == heads[h + 1].TreeSize && heads[h].RootHash != heads[h + 1].RootHash && heads[h].VerifySignature(publicKey) && heads[h + 1].VerifySignature(publicKey))
                problems.Add($"tree heads {h + 1} and {h + 2} both sign size {heads[h].TreeSize} with different roots: two histories (a split view)");
        if (heads.Count == 0) problems.Add("no signed tree head: nothing vouches for these entries");
        else if (lastGood is { } last && last.TreeSize < tree.Size)
            problems.Add($"entries {last.TreeSize}-{tree.Size - 1} are not covered by any valid signed tree head");
        return new VerificationResult(tree.Size, heads.Count, problems, firstBad);
    }
}
