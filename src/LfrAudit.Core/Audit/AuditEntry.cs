using System.Globalization;
using System.Text.Json.Nodes;

namespace LfrAudit.Core.Audit;

/// <summary>
/// One event in the audit log. Its canonical JSON is the Merkle leaf. Each entry also names its sequence
/// number and the leaf hash of the entry before it, so a verifier can point at the first entry that was
/// changed, removed, inserted or moved, not only say that the root differs.
/// </summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Type, JsonObject Data, string Prev)
{
    public static readonly string GenesisPrev = new('0', 64);

    public JsonObject ToJson() => new()
    {
        ["seq"] = Seq,
        ["at"] = Time(At),
        ["type"] = Type,
        ["data"] = Data.DeepClone(),
        ["prev"] = Prev,
    };

    public byte[] Canonical() => CanonicalJson.Encode(ToJson());

    public byte[] LeafHash() => MerkleTree.LeafHash(Canonical());

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an entry back from its JSON (as exported); the caller re-encodes it canonically to hash it.</summary>
    public static AuditEntry FromJson(JsonObject o) => new(
        o["seq"]!.GetValue<long>(),
        DateTimeOffset.Parse(o["at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        o["type"]!.GetValue<string>(),
        (JsonObject)o["data"]!.DeepClone(),
        o["prev"]!.GetValue<string>());
}
