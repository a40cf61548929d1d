using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// A signed tree head published as a C2SP checkpoint (c2sp.org/tlog-checkpoint): the note text
/// "&lt;origin&gt;\n&lt;tree size&gt;\n&lt;base64 root hash&gt;\n" signed as a signed note with ECDSA P-256 (signature
/// type 0x02, see <see cref="SignedNoteVerifierKey"/>), so witnesses and verifiers of the transparency-dev
/// ecosystem can check and cosign this log without knowing its JSON tree heads. The root is the same RFC 6962
/// root <see cref="MerkleTree"/> computes and a <see cref="TreeHead"/> signs; the head's time is not carried
/// (a checkpoint has no time, and extension lines are not auditable, so this log writes none).
/// </summary>
public sealed class Checkpoint
{
    /// <summary>
    /// The host part of every origin. Origins are schema-less URLs only to avoid collisions, and need not be
    /// reachable; .invalid is reserved (RFC 2606, RFC 6761) so it can never resolve or be registered by
    /// anyone, and no client will ever fetch anything from it.
    /// </summary>
    public const string OriginHost = "lfraudit.invalid";

    private readonly byte[] _rootHash;

    /// <summary>The log's identity; by tlog-checkpoint's advice, also the name of the key that signs it.</summary>
    public string Origin { get; }

    /// <summary>How many entries of the log the checkpoint covers.</summary>
    public long TreeSize { get; }

    /// <summary>The RFC 6962 root hash at <see cref="TreeSize"/> (a copy).</summary>
    public byte[] RootHash => _rootHash.ToArray();

    /// <summary>
    /// A checkpoint of a log's first <paramref name="treeSize"/> entries; an origin that breaks the key-name rules, a
    /// negative size or a root that is not 32 bytes is refused (<see cref="ArgumentException"/>).
    /// </summary>
    public Checkpoint(string origin, long treeSize, ReadOnlySpan<byte> rootHash)
    {
        if (SignedNote.NameProblem(origin) is { } why) throw new ArgumentException($"not a valid origin: {why}", nameof(origin));
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        if (rootHash.Length != MerkleTree.HashSize) throw new ArgumentException($"a root hash is {MerkleTree.HashSize} bytes", nameof(rootHash));
        Origin = origin;
        TreeSize = treeSize;
        _rootHash = rootHash.ToArray();
    }

    /// <summary>The checkpoint of a signed tree head: its size and root, under the log's origin.</summary>
    public static Checkpoint For(string origin, TreeHead head)
    {
        if (head.RootHash.Length != 2 * MerkleTree.HashSize || !head.RootHash.All(Uri.IsHexDigit))
            throw new ArgumentException("the tree head's root hash is not 64 hex digits", nameof(head));
        return new Checkpoint(origin, head.TreeSize, Convert.FromHexString(head.RootHash));
    }

    /// <summary>
    /// The origin of a site's log: "lfraudit.invalid/&lt;site&gt;". A site id that is not valid is refused
    /// (<see cref="LfrInputException"/>); valid ones (lower-case letters, digits, '-') can never hold a
    /// space or '+', so the origin meets the key-name rules. Note that two forces with a site of the same
    /// name get the same origin: a witness serving both must be told them apart by key.
    /// </summary>
    public static string OriginFor(string siteId) => OriginFor(SiteId.Parse(siteId));

    /// <inheritdoc cref="OriginFor(string)"/>
    public static string OriginFor(SiteId site)
    {
        var origin = $"{OriginHost}/{site.Value}";
        // Checked again rather than trusted: SiteId's pattern ends in '$', which .NET also matches before a
        // final newline, so "van-1\n" passes it.
        if (SignedNote.NameProblem(origin) is { } why)
            throw new LfrInputException($"site '{SafeText.Escape(site.Value)}' cannot name a checkpoint origin: {why}");
        return origin;
    }

    /// <summary>The note text: origin, decimal size, base64 root, each line ending in a newline.</summary>
    public string Text => $"{Origin}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(_rootHash)}\n";

    /// <summary>
    /// The full signed note: the text, a blank line, and one signature line by <paramref name="key"/> (a P-256
    /// private key) under <paramref name="keyName"/>, which should be <see cref="Origin"/>.
    /// </summary>
    public string Sign(ECDsa key, string keyName)
    {
        if (SignedNote.NameProblem(keyName) is { } why) throw new ArgumentException($"not a valid key name: {why}", nameof(keyName));
        SignedNoteVerifierKey.RequireP256(key);
        var text = Text;
        var signature = key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return SignedNote.Compose(text, [SignedNote.SignatureLine(keyName, KeyIdOf(key), signature)]);
    }

    /// <summary>The 4-byte key ID of type 0x02: the first 4 bytes, big-endian, of SHA-256 of the SPKI DER.</summary>
    public static uint KeyIdOf(ECDsa publicKey) => SignedNoteVerifierKey.KeyIdOf(publicKey);

    /// <summary>The one-line verifier key ("name+id+key") to hand a verifier or witness for this key.</summary>
    public static string VerifierKey(ECDsa publicKey, string keyName) => SignedNoteVerifierKey.For(keyName, publicKey).ToString();

    /// <summary>
    /// Reads a signed checkpoint's shape WITHOUT checking any signature: for diagnostics only, since the
    /// signed-note spec says a note's text must be ignored until a trusted signature is verified (use
    /// <see cref="Verify(string, ECDsa, string, out Checkpoint?, out string?)"/>). Null, with the reason, when
    /// the note or its text is not well formed.
    /// </summary>
    public static Checkpoint? TryParse(string note, out string? problem)
    {
        var parsed = SignedNote.TryParse(note, out problem);
        return parsed is null ? null : FromText(parsed.Text, out problem);
    }

    /// <summary>
    /// Checks a signed checkpoint against one trusted key. Signatures by other keys (whose name or key ID
    /// differs) are ignored, as the spec requires, so witness cosignatures may ride along; any signature by
    /// the trusted key that fails refuses the note, and so does finding none that verifies. A bad note is
    /// never an exception, only false with the reason; an invalid key name or a non-P-256 key throws.
    /// This checks signatures only: the origin is part of the signed text, and a caller that shares a key
    /// between logs must compare <see cref="Origin"/> with the log it expects.
    /// </summary>
    public static bool Verify(string note, ECDsa publicKey, string keyName, out Checkpoint? checkpoint, out string? problem) =>
        Verify(note, SignedNoteVerifierKey.For(keyName, publicKey), out checkpoint, out problem);

    /// <inheritdoc cref="Verify(string, ECDsa, string, out Checkpoint?, out string?)"/>
    public static bool Verify(string note, SignedNoteVerifierKey key, out Checkpoint? checkpoint, out string? problem)
    {
        checkpoint = null;
        var parsed = SignedNote.TryParse(note, out problem);
        if (parsed is null) return false;
        var candidate = FromText(parsed.Text, out problem);
        if (candidate is null) return false;

        var text = Encoding.UTF8.GetBytes(parsed.Text);
        using var publicKey = key.CreatePublicKey();
        int verified = 0;
        foreach (var signature in parsed.Signatures)
        {
            if (signature.KeyName != key.Name || signature.KeyId != key.KeyId) continue; // another key's: ignored
            if (!VerifiesDer(publicKey, text, signature.Signature))
            {
                problem = $"the signature by {key.Name} (key {key.KeyId:x8}) does not verify";
                return false;
            }
            verified++;
        }
        if (verified == 0) { problem = $"no signature by the trusted key {key.Name} (key {key.KeyId:x8})"; return false; }
        checkpoint = candidate;
        return true;
    }

    private static bool VerifiesDer(ECDsa publicKey, byte[] text, byte[] signature)
    {
        try { return publicKey.VerifyData(text, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence); }
        catch (CryptographicException) { return false; }
    }

    // The note text: exactly origin, size and root. Extension lines are refused: this log never writes them
    // and this type could not carry them, so accepting one would silently drop signed content.
    private static Checkpoint? FromText(string text, out string? problem)
    {
        problem = null;
        var lines = text[..^1].Split('\n'); // SignedNote guarantees the text ends in a newline
        if (lines[0].Length == 0) { problem = "the origin (the first line) is empty"; return null; }
        if (lines.Length < 3) { problem = $"the checkpoint text has {lines.Length} line(s); it needs origin, tree size and root hash"; return null; }
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].Length == 0) { problem = $"line {i + 1} of the checkpoint text is empty"; return null; }
        if (lines.Length > 3) { problem = $"the checkpoint has {lines.Length - 3} extension line(s), which this log never signs"; return null; }

        if (SignedNote.NameProblem(lines[0]) is { } why) { problem = $"the origin is not valid: {why}"; return null; }
        if (ParseSize(lines[1]) is not { } size) { problem = "the tree size is not a decimal number without leading zeros, at most 2^63-1"; return null; }
        var root = StrictBase64.Decode(lines[2]);
        if (root is null) { problem = "the root hash is not canonical base64"; return null; }
        if (root.Length != MerkleTree.HashSize) { problem = $"the root hash is {root.Length} bytes, not {MerkleTree.HashSize}"; return null; }
        return new Checkpoint(lines[0], size, root);
    }

    // ASCII digits only (char.IsDigit would take other scripts' digits), no sign, no leading zero but "0" itself.
    private static long? ParseSize(string line)
    {
        if (line.Length == 0 || line.Length > 19 || (line.Length > 1 && line[0] == '0')) return null;
        if (!line.All(c => c is >= '0' and <= '9')) return null;
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
    }
}
