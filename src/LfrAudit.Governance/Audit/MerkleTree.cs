using System.Security.Cryptography;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// The Merkle Tree Hash of RFC 6962 §2.1 over a list of entries: a leaf is SHA-256(0x00 ‖ entry), an inner
/// node SHA-256(0x01 ‖ left ‖ right), and a list of n &gt; 1 leaves splits at k, the largest power of two
/// below n. Leaf hashes are kept in one contiguous array; roots and proofs for any prefix are computed
/// from them on demand. Every complete, aligned subtree of 2^k leaves is hashed once, as its last leaf
/// arrives (like carries in a binary counter), so a root or proof for any size costs O(log n) hashes.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>The bytes of every leaf, node and root hash (SHA-256).</summary>
    public const int HashSize = 32;
    // _levels[k] holds the hashes of the complete subtrees of 2^k leaves, left to right; level 0 is the leaves.
    private readonly List<byte[]> _levels = [new byte[HashSize * 1024]];

    /// <summary>How many leaves the tree holds.</summary>
    public long Size { get; private set; }

    /// <summary>An entry's leaf hash: SHA-256(0x00 ‖ entry), so a leaf can never pass for an inner node.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var buffer = new byte[entry.Length + 1];
        entry.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>An inner node's hash: SHA-256(0x01 ‖ left ‖ right), both children 32-byte hashes.</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The hash of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>
    /// Adds a leaf already hashed (32 bytes, else <see cref="ArgumentException"/>), completing the subtrees it closes;
    /// the verifier uses it for a line that is not an entry.
    /// </summary>
    public void AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != HashSize) throw new ArgumentException("a leaf hash is 32 bytes", nameof(leafHash));
        Put(0, Size, leafHash);
        long index = Size++;
        for (int level = 0; (index & 1) == 1; level++, index >>= 1)
            Put(level + 1, index >> 1, NodeHash(Node(level, index - 1), Node(level, index)));
    }

    private void Put(int level, long index, ReadOnlySpan<byte> hash)
    {
        if (level == _levels.Count) _levels.Add(new byte[HashSize * 16]);
        var array = _levels[level];
        if ((index + 1) * HashSize > array.Length)
        {
            Array.Resize(ref array, checked(array.Length * 2));
            _levels[level] = array;
        }
        hash.CopyTo(array.AsSpan((int)(index * HashSize)));
    }

    private ReadOnlySpan<byte> Node(int level, long index) => _levels[level].AsSpan((int)(index * HashSize), HashSize);

    /// <summary>Adds an entry's bytes (its canonical JSON) as the next leaf.</summary>
    public void Append(ReadOnlySpan<byte> entry) => AppendLeafHash(LeafHash(entry));

    /// <summary>
    /// The leaf hash at a position below <see cref="Size"/>, counted from 0: the entry with that sequence number.
    /// </summary>
    public ReadOnlySpan<byte> Leaf(long index) => Node(0, index);

    /// <summary>MTH(D[0:n]).</summary>
    public byte[] Root(long n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Size);
        return n == 0 ? EmptyRoot : Subtree(0, n);
    }

    /// <summary>The root over every leaf so far: what a tree head signs now.</summary>
    public byte[] Root() => Root(Size);

    // MTH(D[start:start+n]); the split points of the RFC always fall on complete, aligned subtrees, which are stored.
    private byte[] Subtree(long start, long n)
    {
        if ((n & (n - 1)) == 0 && start % n == 0) return Node(System.Numerics.BitOperations.Log2((ulong)n), start / n).ToArray();
        long k = LargestPowerOfTwoBelow(n);
        return NodeHash(Subtree(start, k), Subtree(start + k, n - k));
    }

    internal static long LargestPowerOfTwoBelow(long n)
    {
        long k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }

    /// <summary>PATH(m, D[0:n]) of RFC 6962 §2.1.1: the audit path proving leaf m is in the tree of size n.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long m, long n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Size);
        if (m < 0 || m >= n) throw new ArgumentOutOfRangeException(nameof(m), $"leaf {m} is not in a tree of size {n}");
        var path = new List<byte[]>();
        Path(m, 0, n, path);
        return path;
    }

    private void Path(long m, long start, long n, List<byte[]> path)
    {
        if (n == 1) return;
        long k = LargestPowerOfTwoBelow(n);
        if (m < k) { Path(m, start, k, path); path.Add(Subtree(start + k, n - k)); }
        else { Path(m - k, start + k, n - k, path); path.Add(Subtree(start, k)); }
    }

    /// <summary>PROOF(m, D[0:n]) of RFC 6962 §2.1.2: proves the tree of size n extends the tree of size m.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long m, long n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Size);
        if (m < 1 || m > n) throw new ArgumentOutOfRangeException(nameof(m), $"no consistency proof from size {m} to {n}");
        var proof = new List<byte[]>();
        if (m < n) SubProof(m, 0, n, true, proof);
        return proof;
    }

    private void SubProof(long m, long start, long n, bool whole, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!whole) proof.Add(Subtree(start, n));
            return;
        }
        long k = LargestPowerOfTwoBelow(n);
        if (m <= k) { SubProof(m, start, k, whole, proof); proof.Add(Subtree(start + k, n - k)); }
        else { SubProof(m - k, start + k, n - k, false, proof); proof.Add(Subtree(start, k)); }
    }

    /// <summary>Checks an inclusion proof (RFC 9162 §2.1.3.2).</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        byte[] r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>Checks a consistency proof (RFC 9162 §2.1.4.2).</summary>
    public static bool VerifyConsistency(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        if (size1 < 1 || size1 > size2) return false;
        if (size1 == size2) return proof.Count == 0 && root1.SequenceEqual(root2);
        if (proof.Count == 0) return false;
        var path = proof.ToList();
        if ((size1 & (size1 - 1)) == 0) path.Insert(0, root1.ToArray()); // size1 a power of two: the old root starts the path
        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(root1) && sr.AsSpan().SequenceEqual(root2);
    }
}
