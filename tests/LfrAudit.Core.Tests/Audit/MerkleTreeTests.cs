using System.Security.Cryptography;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>
/// RFC 6962 §2.1 checked against an independent, literal transcription of the RFC's recursive definitions
/// (MTH, PATH, PROOF, SUBPROOF) written here in the test, and against the reference roots for the RFC test
/// leaves (also recomputed by hand in Python from the definitions before being written down).
/// </summary>
public class MerkleTreeTests
{
    private static readonly byte[][] RfcLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] RfcRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    // --- The RFC's definitions, transcribed literally (slow, obviously right) ---
    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());
    private static int K(int n) { int k = 1; while (k * 2 < n) k *= 2; return k; }
    private static byte[] Mth(byte[][] d) => d.Length switch
    {
        0 => H(),
        1 => H([0x00], d[0]),
        _ => H([0x01], Mth(d[..K(d.Length)]), Mth(d[K(d.Length)..])),
    };
    private static List<byte[]> PathOf(int m, byte[][] d)
    {
        if (d.Length == 1) return [];
        int k = K(d.Length);
        return m < k ? [.. PathOf(m, d[..k]), Mth(d[k..])] : [.. PathOf(m - k, d[k..]), Mth(d[..k])];
    }
    private static List<byte[]> SubProof(int m, byte[][] d, bool b)
    {
        int n = d.Length;
        if (m == n) return b ? [] : [Mth(d)];
        int k = K(n);
        return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }
    // ---

    private static MerkleTree TreeOf(byte[][] leaves)
    {
        var t = new MerkleTree();
        foreach (var l in leaves) t.Append(l);
        return t;
    }

    private static byte[][] Leaves(int n) => Enumerable.Range(0, n).Select(i => BitConverter.GetBytes(i * 7919)).ToArray();

    [Fact]
    public void The_rfc_test_leaves_give_the_reference_roots()
    {
        var tree = TreeOf(RfcLeaves);
        for (int n = 1; n <= 8; n++)
            Assert.Equal(RfcRoots[n - 1], Convert.ToHexStringLower(tree.Root(n)));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(tree.Root(0)));
    }

    [Fact]
    public void Small_trees_by_hand()
    {
        byte[] a = [1], b = [2], c = [3];
        var la = H([0], a); var lb = H([0], b); var lc = H([0], c);
        var tree = TreeOf([a, b, c]);
        Assert.Equal(la, tree.Root(1));
        Assert.Equal(H([1], la, lb), tree.Root(2));
        Assert.Equal(H([1], H([1], la, lb), lc), tree.Root(3)); // k = 2 for n = 3: ((a b) c)
        Assert.Equal([H([1], la, lb)], tree.InclusionProof(2, 3)); // c is the whole right subtree: one sibling
        Assert.Equal([lb, lc], tree.InclusionProof(0, 3));
        Assert.Equal([lc], tree.ConsistencyProof(2, 3)); // size 2 is a power of two: its root is implied
    }

    [Fact]
    public void Roots_and_proofs_match_the_rfc_definitions_for_every_size_up_to_33()
    {
        var all = Leaves(33);
        var tree = TreeOf(all);
        for (int n = 1; n <= 33; n++)
        {
            var d = all[..n];
            var root = Mth(d);
            Assert.Equal(root, tree.Root(n));
            for (int m = 0; m < n; m++)
            {
                var path = tree.InclusionProof(m, n);
                Assert.Equal(PathOf(m, d), path);
                Assert.True(MerkleTree.VerifyInclusion(m, n, tree.Leaf(m), path, root));
            }
            for (int m = 1; m <= n; m++)
            {
                var proof = tree.ConsistencyProof(m, n);
                Assert.Equal(m == n ? [] : SubProof(m, d, true), proof);
                Assert.True(MerkleTree.VerifyConsistency(m, n, Mth(all[..m]), root, proof), $"consistency {m} -> {n}");
            }
        }
    }

    [Fact]
    public void Wrong_proofs_fail()
    {
        var tree = TreeOf(Leaves(11));
        var root = tree.Root(11);
        var path = tree.InclusionProof(4, 11).ToList();
        Assert.False(MerkleTree.VerifyInclusion(5, 11, tree.Leaf(4), path, root));         // wrong index
        Assert.False(MerkleTree.VerifyInclusion(4, 11, tree.Leaf(3), path, root));         // wrong leaf
        Assert.False(MerkleTree.VerifyInclusion(4, 11, tree.Leaf(4), path.Skip(1).ToList(), root)); // short path
        var bent = path.Select(p => (byte[])p.Clone()).ToList();
        bent[1][0] ^= 1;
        Assert.False(MerkleTree.VerifyInclusion(4, 11, tree.Leaf(4), bent, root));
        var proof = tree.ConsistencyProof(6, 11);
        Assert.False(MerkleTree.VerifyConsistency(6, 11, tree.Root(5), root, proof));       // not the old root
        Assert.False(MerkleTree.VerifyConsistency(6, 11, tree.Root(6), tree.Root(10), proof)); // not the new root
        Assert.False(MerkleTree.VerifyConsistency(4, 11, tree.Root(4), root, []));          // empty proof
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public bool Random_sizes_prove_inclusion_and_consistency(ushort seed)
    {
        var rng = new Random(seed);
        int n = rng.Next(1, 300), m = rng.Next(1, n + 1), leaf = rng.Next(0, n);
        var tree = TreeOf(Leaves(n));
        return MerkleTree.VerifyInclusion(leaf, n, tree.Leaf(leaf), tree.InclusionProof(leaf, n), tree.Root(n))
            && MerkleTree.VerifyConsistency(m, n, tree.Root(m), tree.Root(n), tree.ConsistencyProof(m, n));
    }
}
