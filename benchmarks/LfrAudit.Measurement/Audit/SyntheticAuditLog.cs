using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Measurement.Audit;

/// <summary>A log of N entries for measuring verification: real hashing and signatures over synthetic events.</summary>
public static class SyntheticAuditLog
{
    /// <summary>Entries shaped like a busy deployment's (counts and alerts), chained and signed every 10,000 entries.</summary>
    public static (List<string> Lines, List<TreeHead> Heads, ECDsa Key) Create(int n)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var lines = new List<string>(n);
        var heads = new List<TreeHead>();
        var tree = new MerkleTree();
        var t0 = new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
        string prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < n; i++)
        {
            var data = i % 10 == 0
                ? new JsonObject { ["alert"] = i, ["run"] = "run-1", ["camera"] = "van-1", ["candidate"] = $"WL-{i % 5000:D4}", ["score"] = "0.6731", ["evidence_sha256"] = new string('e', 64) }
                : new JsonObject { ["run"] = "run-1", ["camera"] = "van-1", ["minute"] = AuditEntry.Time(t0.AddMinutes(i)), ["seen"] = i % 97, ["searched"] = i % 89, ["alerts"] = 0 };
            var canonical = new AuditEntry(i, t0.AddSeconds(i), i % 10 == 0 ? "alert.raised" : "faces.counted", data, prev).Canonical();
            lines.Add(System.Text.Encoding.UTF8.GetString(canonical));
            var leaf = MerkleTree.LeafHash(canonical);
            tree.AppendLeafHash(leaf);
            prev = Convert.ToHexStringLower(leaf);
            if ((i + 1) % 10_000 == 0 || i + 1 == n) heads.Add(TreeHead.Sign(i + 1, tree.Root(), t0.AddSeconds(i + 1), key));
        }
        return (lines, heads, key);
    }

}
