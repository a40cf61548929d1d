using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>
/// The IAG's own record, kept between exports: the last tree head it saw, the leaf hash of every entry under it (so a
/// rewrite can be named by its first changed entry), and the operator key it pinned. A damaged or self-contradictory file
/// is one clear error, never a guess, and it is written whole or not at all (staged, then renamed over the old one).
/// </summary>
internal sealed record WitnessState(TreeHead? LastSeen, string? OperatorKey, IReadOnlyList<byte[]>? SeenLeaves = null)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The pinned key, or null; the caller disposes it.</summary>
    public ECDsa? PinnedKey()
    {
        if (OperatorKey is null) return null;
        var key = ECDsa.Create();
        key.ImportFromPem(OperatorKey); // checked when read
        return key;
    }

    public static WitnessState? Read(string path)
    {
        if (FileKind.Of(path) == FileKindOf.Missing) return null;
        var text = TextFiles.ReadAll(path, "witness state file");
        string? problem = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                TreeHead? seen = null;
                if (o["last_seen"] is JsonObject s && TreeHead.TryParse(s.ToJsonString(), out problem) is { } head) seen = head;
                else if (o["last_seen"] is not null) problem ??= "its 'last_seen' is not a tree head";
                string? key = null, keyId = null;
                if (o["operator_key"] is JsonValue k && k.TryGetValue<string>(out var pem))
                {
                    using var probe = ECDsa.Create();
                    try { probe.ImportFromPem(pem); key = pem; keyId = TreeHead.KeyIdOf(probe); }
                    catch (Exception ex) when (ex is ArgumentException or CryptographicException) { problem = "its 'operator_key' is not a PEM public key"; }
                }
                else if (o["operator_key"] is not null) problem = "its 'operator_key' is not text";
                List<byte[]>? leaves = null;
                if (problem is null && o["last_seen_leaves"] is { } l) (leaves, problem) = Leaves(l, seen);
                // Only this program writes the file, and only with a head the pinned key signed: anything else was edited.
                if (problem is null && seen is not null && keyId is not null && seen.KeyId != keyId)
                    problem = $"its 'last_seen' head is signed by key id {seen.KeyId} but its 'operator_key' is key id {keyId}";
                if (problem is null && (seen is not null || key is not null)) return new WitnessState(seen, key, leaves);
                problem ??= "it holds neither a 'last_seen' tree head nor an 'operator_key'";
            }
            else problem = "not a JSON object";
        }
        catch (JsonException ex) { problem = $"not JSON ({ex.Message.Split('.')[0]})"; }
        throw new LfrInputException($"{FileKind.Show(path)}: the witness state file is damaged: {problem}; restore it from the IAG's own copy (it records the last head the IAG saw and the operator's key)");
    }

    public static void Write(string path, WitnessState state)
    {
        var o = new JsonObject();
        if (state.LastSeen is { } h) o["last_seen"] = h.ToJson();
        if (state.OperatorKey is { } k) o["operator_key"] = k;
        if (state.SeenLeaves is { } leaves) o["last_seen_leaves"] = new JsonArray([.. leaves.Select(x => (JsonNode?)JsonValue.Create(Convert.ToHexStringLower(x)))]);
        TextFiles.WriteAll(path, o.ToJsonString(Indented), "witness state file");
    }

    // The leaves must be exactly the history of the head seen: otherwise the file was edited, and naming entries from it would mislead.
    private static (List<byte[]>?, string?) Leaves(JsonNode node, TreeHead? seen)
    {
        if (seen is null) return (null, "its 'last_seen_leaves' come without a 'last_seen' head");
        if (node is not JsonArray list) return (null, "its 'last_seen_leaves' is not a list");
        var leaves = new List<byte[]>(list.Count);
        var tree = new MerkleTree();
        foreach (var item in list)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var hex) || hex.Length != 2 * MerkleTree.HashSize || !hex.All(Uri.IsHexDigit))
                return (null, $"its 'last_seen_leaves' item {leaves.Count} is not a leaf hash");
            var leaf = Convert.FromHexString(hex);
            leaves.Add(leaf);
            tree.AppendLeafHash(leaf);
        }
        if (tree.Size != seen.TreeSize || !tree.Root().AsSpan().SequenceEqual(Convert.FromHexString(seen.RootHash)))
            return (null, $"its {list.Count} 'last_seen_leaves' are not the history of its 'last_seen' head (size {seen.TreeSize})");
        return (leaves, null);
    }
}
