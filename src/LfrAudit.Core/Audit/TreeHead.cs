using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace LfrAudit.Core.Audit;

/// <summary>
/// A signed tree head: the log's size and Merkle root at a time, signed with ECDSA P-256 over SHA-256 (DER
/// signature) of the canonical JSON {"log","root_hash","timestamp","tree_size"}. A witness adds its own
/// signature over the same bytes.
/// </summary>
public sealed record TreeHead(long TreeSize, string RootHash, DateTimeOffset Timestamp, string KeyId, string Signature)
{
    public const string LogName = "lfraudit-audit-log-v1";

    public static byte[] SignedBytes(long treeSize, string rootHash, DateTimeOffset timestamp) => CanonicalJson.Encode(new JsonObject
    {
        ["log"] = LogName,
        ["root_hash"] = rootHash,
        ["timestamp"] = AuditEntry.Time(timestamp),
        ["tree_size"] = treeSize,
    });

    public byte[] SignedBytes() => SignedBytes(TreeSize, RootHash, Timestamp);

    public static TreeHead Sign(long treeSize, byte[] root, DateTimeOffset timestamp, ECDsa key)
    {
        var rootHex = Convert.ToHexStringLower(root);
        var signature = key.SignData(SignedBytes(treeSize, rootHex, timestamp), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new TreeHead(treeSize, rootHex, timestamp, KeyIdOf(key), Convert.ToBase64String(signature));
    }

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

    public JsonObject ToJson() => new()
    {
        ["tree_size"] = TreeSize,
        ["root_hash"] = RootHash,
        ["timestamp"] = AuditEntry.Time(Timestamp),
        ["key_id"] = KeyId,
        ["signature"] = Signature,
    };

    /// <summary>
    /// Reads a head from its JSON, checking its shape (a size of 0 or more, a 64-hex-digit root, a time,
    /// base64 signature); null with the reason when it is not a well-formed head.
    /// </summary>
    public static TreeHead? TryParse(string line, out string? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(line) is not JsonObject o) { problem = "not a JSON object"; return null; }
            var head = FromJson(o);
            if (head.TreeSize < 0) problem = $"a negative tree size ({head.TreeSize})";
            else if (head.RootHash.Length != 64 || !head.RootHash.All(Uri.IsHexDigit)) problem = "its root hash is not 64 hex digits";
            else return head;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            problem = $"not a valid tree head ({ex.GetType().Name})";
        }
        return null;
    }

    public static TreeHead FromJson(JsonObject o) => new(
        o["tree_size"]!.GetValue<long>(), o["root_hash"]!.GetValue<string>(),
        DateTimeOffset.Parse(o["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal),
        o["key_id"]!.GetValue<string>(), o["signature"]!.GetValue<string>());
}
