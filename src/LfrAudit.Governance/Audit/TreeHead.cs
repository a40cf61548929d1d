using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// A signed tree head: the log's size and Merkle root at a time, signed with ECDSA P-256 over SHA-256 (DER
/// signature) of the canonical JSON {"log","root_hash","timestamp","tree_size"}. A witness adds its own
/// signature over the same bytes.
/// </summary>
/// <param name="TreeSize">How many entries, from the first, the head covers.</param>
/// <param name="RootHash">The RFC 6962 root of those entries, in lower-case hex.</param>
/// <param name="Timestamp">When the head was signed, by the store's clock.</param>
/// <param name="KeyId">
/// The signing key's id: the first 16 hex digits of SHA-256 of its public key (<see cref="KeyIdOf"/>).
/// </param>
/// <param name="Signature">The DER ECDSA signature over <see cref="SignedBytes()"/>, in base64.</param>
public sealed record TreeHead(long TreeSize, string RootHash, DateTimeOffset Timestamp, string KeyId, string Signature)
{
    /// <summary>
    /// The log's name inside every signed head, so a head's signature cannot be taken for another log format's.
    /// </summary>
    public const string LogName = "lfraudit-audit-log-v1";

    /// <summary>
    /// The canonical JSON a head's signature covers: log name, root hash, time and size, never the key.
    /// </summary>
    public static byte[] SignedBytes(long treeSize, string rootHash, DateTimeOffset timestamp) => CanonicalJson.Encode(new JsonObject
    {
        ["log"] = LogName,
        ["root_hash"] = rootHash,
        ["timestamp"] = AuditEntry.Time(timestamp),
        ["tree_size"] = treeSize,
    });

    /// <summary>The bytes this head's signature covers, which a witness also signs.</summary>
    public byte[] SignedBytes() => SignedBytes(TreeSize, RootHash, Timestamp);

    /// <summary>Signs a log's size and root at a time with the site's P-256 key: a new head to record.</summary>
    public static TreeHead Sign(long treeSize, byte[] root, DateTimeOffset timestamp, ECDsa key)
    {
        var rootHex = Convert.ToHexStringLower(root);
        var signature = key.SignData(SignedBytes(treeSize, rootHex, timestamp), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new TreeHead(treeSize, rootHex, timestamp, KeyIdOf(key), Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Whether the head's signature holds for the public key; a signature that is not base64 is simply false.
    /// </summary>
    public bool VerifySignature(ECDsa publicKey)
    {
        try
        {
            return publicKey.VerifyData(SignedBytes(), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (FormatException) { return false; }
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo DER).</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>The head as exported, one line per head: size, root, time, key ID and signature.</summary>
    public JsonObject ToJson() => new()
    {
        ["tree_size"] = TreeSize,
        ["root_hash"] = RootHash,
        ["timestamp"] = AuditEntry.Time(Timestamp),
        ["key_id"] = KeyId,
        ["signature"] = Signature,
    };

    /// <summary>Longer than any DER ECDSA signature in base64 (a P-256 one is at most 96 characters).</summary>
    public const int MaxSignatureChars = 200;

    private static readonly string[] Members = ["tree_size", "root_hash", "timestamp", "key_id", "signature"];

    /// <summary>
    /// Reads a head from its JSON, checking its shape member by member (exactly tree_size, root_hash, timestamp,
    /// key_id and signature; see <see cref="Problem"/>); null with the reason when it is not a well-formed head.
    /// Never throws.
    /// </summary>
    public static TreeHead? TryParse(string line, out string? problem)
    {
        if (!AuditJson.TryParseObject(line, out var o, out problem)) return null;
        var m = new JsonMembers(o, Members);
        long size = m.Integer("tree_size");
        string root = m.String("root_hash"), timestamp = m.String("timestamp"), keyId = m.String("key_id"), signature = m.String("signature");
        if ((problem = m.Problem) is not null) return null;
        if (!AuditEntry.TryParseTime(timestamp, out var time))
        {
            problem = $"its time '{AuditJson.Show(timestamp)}' is not a UTC time written as yyyy-MM-ddTHH:mm:ss.fffffffZ";
            return null;
        }
        var head = new TreeHead(size, root, time, keyId, signature);
        problem = head.Problem();
        return problem is null ? head : null;
    }

    /// <summary>Reads a head from its JSON; throws <see cref="FormatException"/> with the reason when it is not a well-formed head.</summary>
    public static TreeHead FromJson(JsonObject o) => TryParse(o.ToJsonString(), out var problem) ?? throw new FormatException($"not a tree head: {problem}");

    /// <summary>
    /// What makes this head malformed, or null: a size of 0 or more that canonical JSON can write, a root of 64
    /// lower-case hex digits, a key id of 16, a signature in base64 as written. A verifier checks this before it signs or hashes
    /// anything of the head, so nothing a head holds can make verification throw.
    /// </summary>
    public string? Problem()
    {
        if (TreeSize < 0) return $"a negative tree size ({TreeSize})";
        if (TreeSize > AuditJson.MaxInteger) return $"a tree size ({TreeSize}) beyond what canonical JSON can hold";
        if (RootHash is null || !AuditJson.IsLowerHex(RootHash, 64)) return "its root hash is not 64 lower-case hex digits";
        if (KeyId is null || !AuditJson.IsLowerHex(KeyId, 16)) return "its key id is not 16 lower-case hex digits";
        if (Signature is null || Signature.Length is 0 or > MaxSignatureChars) return $"its signature is not base64 of at most {MaxSignatureChars} characters";
        // Written as ToBase64String writes it: base64 that decodes the same with spaces or line breaks in it is another text.
        var bytes = new byte[Signature.Length];
        if (!Convert.TryFromBase64String(Signature, bytes, out int length) || Convert.ToBase64String(bytes, 0, length) != Signature)
            return $"its signature is not base64 of at most {MaxSignatureChars} characters";
        return null;
    }
}
