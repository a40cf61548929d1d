using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>Every kind of tampering the IAG must catch, each detected and located.</summary>
public class LogVerifierTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    /// <summary>A log of n entries, as the store writes it, with heads signed at the given sizes.</summary>
    private (List<string> Lines, List<TreeHead> Heads) Log(int n, params int[] headSizes)
    {
        var lines = new List<string>();
        var tree = new MerkleTree();
        var heads = new List<TreeHead>();
        string prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < n; i++)
        {
            var e = new AuditEntry(i, T0.AddSeconds(i), i % 3 == 0 ? "alert.raised" : "faces.counted",
                new JsonObject { ["run"] = "run-1", ["seen"] = i * 3, ["camera"] = "van-1" }, prev);
            var canonical = e.Canonical();
            lines.Add(System.Text.Encoding.UTF8.GetString(canonical));
            tree.Append(canonical);
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
            if (headSizes.Contains(i + 1)) heads.Add(TreeHead.Sign(i + 1, tree.Root(), T0.AddSeconds(i + 0.5), _key));
        }
        return (lines, heads);
    }

    private VerificationResult Verify(List<string> lines, List<TreeHead> heads) => LogVerifier.Verify(lines, heads, _key);

    [Fact]
    public void An_untouched_log_verifies()
    {
        var (lines, heads) = Log(40, 3, 17, 40);
        var r = Verify(lines, heads);
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Assert.Equal(40, r.Entries);
    }

    [Fact]
    public void A_changed_byte_is_located()
    {
        var (lines, heads) = Log(40, 3, 17, 40);
        lines[12] = lines[12].Replace("\"seen\":36", "\"seen\":37");
        var r = Verify(lines, heads);
        Assert.False(r.Ok);
        Assert.Equal(12, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.Contains("entry 12 was changed"));
    }

    [Fact]
    public void A_change_to_the_last_entry_is_located_by_the_signed_head()
    {
        var (lines, heads) = Log(40, 40);
        lines[39] = lines[39].Replace("\"camera\":\"van-1\"", "\"camera\":\"van-2\"");
        var r = Verify(lines, heads);
        Assert.Equal(39, r.FirstBadEntry);
    }

    [Fact]
    public void A_deleted_entry_is_located()
    {
        var (lines, heads) = Log(40, 40);
        lines.RemoveAt(20);
        var r = Verify(lines, heads);
        Assert.Equal(20, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.Contains("entry 20 is missing"));
    }

    [Fact]
    public void An_inserted_entry_is_located()
    {
        var (lines, heads) = Log(40, 40);
        lines.Insert(25, lines[24]);
        var r = Verify(lines, heads);
        Assert.Equal(25, r.FirstBadEntry);
    }

    [Fact]
    public void Swapped_entries_are_located()
    {
        var (lines, heads) = Log(40, 40);
        (lines[30], lines[31]) = (lines[31], lines[30]);
        var r = Verify(lines, heads);
        Assert.Equal(30, r.FirstBadEntry);
    }

    [Fact]
    public void A_truncated_log_is_detected()
    {
        var (lines, heads) = Log(40, 10, 40);
        lines.RemoveRange(33, 7);
        var r = Verify(lines, heads);
        Assert.False(r.Ok);
        Assert.Equal(33, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.Contains("truncated"));
    }

    [Fact]
    public void A_replaced_tree_head_fails_its_signature()
    {
        var (lines, heads) = Log(40, 10, 40);
        heads[0] = heads[0] with { RootHash = Convert.ToHexStringLower(new MerkleTree().Root()) };
        var r = Verify(lines, heads);
        Assert.Contains(r.Problems, p => p.Contains("tree head 1") && p.Contains("signature"));
    }

    [Fact]
    public void A_head_signed_with_another_key_is_rejected()
    {
        var (lines, heads) = Log(40, 40);
        var tree = new MerkleTree();
        foreach (var l in lines) tree.Append(System.Text.Encoding.UTF8.GetBytes(l));
        heads.Add(TreeHead.Sign(40, tree.Root(), T0.AddHours(1), _otherKey));
        var r = Verify(lines, heads);
        Assert.Contains(r.Problems, p => p.Contains("another key"));
    }

    [Fact]
    public void History_rewritten_after_a_head_was_signed_is_caught_even_with_a_perfect_chain()
    {
        // The operator re-chains every entry after editing one and signs a new head: the old head, which the
        // IAG already holds, no longer matches, and the two heads are not consistent.
        var (lines, heads) = Log(40, 20);
        var rewritten = new List<string>();
        string prev = AuditEntry.GenesisPrev;
        var tree = new MerkleTree();
        for (int i = 0; i < 40; i++)
        {
            var e = AuditEntry.FromJson(JsonNode.Parse(lines[i])!.AsObject()) with { Prev = prev };
            if (i == 5) e.Data["seen"] = 0;
            var canonical = e.Canonical();
            rewritten.Add(System.Text.Encoding.UTF8.GetString(canonical));
            tree.Append(canonical);
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
        }
        heads.Add(TreeHead.Sign(40, tree.Root(), T0.AddHours(1), _key));
        var r = Verify(rewritten, heads);
        Assert.False(r.Ok);
        Assert.Contains(r.Problems, p => p.Contains("tree head 1") && p.Contains("does not match"));
    }

    [Fact]
    public void Two_heads_of_one_size_with_different_roots_are_a_split_view()
    {
        var (lines, heads) = Log(40, 40);
        heads.Add(TreeHead.Sign(40, SHA256.HashData([1, 2, 3]), T0.AddHours(2), _key));
        var r = Verify(lines, heads);
        Assert.Contains(r.Problems, p => p.Contains("split view"));
    }

    [Fact]
    public void Entries_no_head_covers_are_reported()
    {
        var (lines, heads) = Log(40, 30);
        Assert.Contains(Verify(lines, heads).Problems, p => p.Contains("entries 30-39 are not covered"));
    }

    [FsCheck.Xunit.Property(MaxTest = 40)]
    public bool Any_random_edit_is_detected(int seed)
    {
        var rng = new Random(seed);
        var (lines, heads) = Log(25, 5, 25);
        int i = rng.Next(lines.Count);
        switch (rng.Next(4))
        {
            case 0: // flip one character of one entry
                var chars = lines[i].ToCharArray();
                int at = rng.Next(chars.Length);
                chars[at] = chars[at] == 'a' ? 'b' : 'a';
                lines[i] = new string(chars);
                break;
            case 1: lines.RemoveAt(i); break;
            case 2: lines.Insert(i, lines[rng.Next(lines.Count)]); break;
            default:
                int j = (i + 1 + rng.Next(lines.Count - 1)) % lines.Count;
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
        }
        return !Verify(lines, heads).Ok;
    }
}
