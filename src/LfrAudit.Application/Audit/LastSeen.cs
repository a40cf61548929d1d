using System.Text;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Application.Audit;

/// <summary>
/// An export against the head the IAG last saw (its state file's 'last_seen'): the export must hold at least as many
/// entries, and its first ones must be that history. A self-consistent export can still be an older one, or a history
/// rewritten and re-signed with the operator's own key; only what the IAG kept tells them apart.
/// </summary>
internal static class LastSeen
{
    /// <summary>Why <paramref name="entries"/> do not extend <paramref name="seen"/>, in one line; or null when they do.</summary>
    public static string? Problem(IReadOnlyList<string> entries, TreeHead seen, IReadOnlyList<byte[]>? seenLeaves, string statePath) =>
        HistoryPrefix.Against(entries, seen.TreeSize, Convert.FromHexString(seen.RootHash)) switch
        {
            PrefixVerdict.Shorter => $"the export holds {entries.Count} entries but the IAG last saw {seen.TreeSize}, signed by key id {seen.KeyId} on {LondonTime.Show(seen.Timestamp)} (recorded in {FileKind.Show(statePath)}): an export only ever grows, so this one is older or cut short",
            PrefixVerdict.Rewritten => $"the export's first {seen.TreeSize} entries are not the history the IAG saw on {LondonTime.Show(seen.Timestamp)} (root {seen.RootHash[..16]}…, recorded in {FileKind.Show(statePath)}): {Where(entries, seenLeaves)}",
            _ => null,
        };

    // A state file written before leaves were kept holds only the root: it shows a rewrite, not where.
    private static string Where(IReadOnlyList<string> entries, IReadOnlyList<byte[]>? seenLeaves)
    {
        if (seenLeaves is null) return "it was rewritten";
        var seen = new MerkleTree();
        foreach (var leaf in seenLeaves) seen.AppendLeafHash(leaf);
        return HistoryPrefix.FirstDifference(seen, [.. entries.Take(seenLeaves.Count)]) is { } at
            ? $"it differs at entry {at}, so it was rewritten"
            : "it was rewritten";
    }

    /// <summary>
    /// The state after a verified export: its latest head seen (never a smaller one) with the leaves under it, and the key
    /// it was verified with pinned; null if <paramref name="entries"/> are not what that head signs (the folder changed).
    /// </summary>
    public static WitnessState? Advance(WitnessState? state, TreeHead latest, string operatorKeyPem, IReadOnlyList<string> entries)
    {
        var key = state?.OperatorKey ?? operatorKeyPem;
        if (state?.LastSeen is { } before && before.TreeSize > latest.TreeSize) return state with { OperatorKey = key };
        if (entries.Count < latest.TreeSize) return null;
        var tree = new MerkleTree();
        var leaves = new List<byte[]>((int)latest.TreeSize);
        for (int i = 0; i < latest.TreeSize; i++)
        {
            var leaf = MerkleTree.LeafHash(Encoding.UTF8.GetBytes(entries[i]));
            leaves.Add(leaf);
            tree.AppendLeafHash(leaf);
        }
        if (!tree.Root().AsSpan().SequenceEqual(Convert.FromHexString(latest.RootHash))) return null;
        return new WitnessState(latest, key, leaves);
    }
}
