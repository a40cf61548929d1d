using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;

namespace LfrAudit.Application.Audit;

/// <summary>What the IAG countersigned: the head, where the cosignature was written, and the IAG's key id.</summary>
public sealed record Witnessed(TreeHead Head, string CosignaturePath, string WitnessKeyId);

/// <summary>
/// The witness protocol: the IAG checks a new export against the last tree head it saw (kept in its own state
/// file), so the operator cannot show it one history and the public another; then countersigns the new head.
/// </summary>
public static class AuditWitness
{
    public const string CosignatureFile = "witness-cosignature.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Witnessed Witness(string export, string statePath, string iagKeyPath, string operatorKeyPath, DateTimeOffset now)
    {
        var result = AuditExport.Verify(export, new ExportTrust.IagKey(operatorKeyPath)).Result;
        if (!result.Ok)
            throw new LfrInputException($"{FileKind.Show(export)}: does not verify ({result.Problems[0]}); not countersigned");
        var (entries, headLines) = AuditExport.Read(export);
        var latest = AuditExport.ParsedHeads(headLines)[^1];
        var tree = new MerkleTree();
        foreach (var e in entries.Take((int)latest.TreeSize)) tree.Append(System.Text.Encoding.UTF8.GetBytes(e));

        var state = WitnessState.Read(statePath);
        if (state?.LastSeen is { } seen)
        {
            // Every log extends the empty one; otherwise the new head must prove it extends the one seen.
            bool extends = latest.TreeSize >= seen.TreeSize && (seen.TreeSize == 0
                || MerkleTree.VerifyConsistency(seen.TreeSize, latest.TreeSize, Convert.FromHexString(seen.RootHash), Convert.FromHexString(latest.RootHash),
                    tree.ConsistencyProof(seen.TreeSize, latest.TreeSize)));
            if (!extends)
                throw new LfrInputException($"{FileKind.Show(export)}: its head (size {latest.TreeSize}) does not extend the head the IAG saw on {LondonTime.Show(seen.Timestamp)} (size {seen.TreeSize}, root {seen.RootHash[..16]}…): the operator is showing a different history");
        }
        using var iag = AuditKeys.LoadPrivate(iagKeyPath);
        var cosignature = new JsonObject
        {
            ["tree_head"] = latest.ToJson(),
            ["witness_key_id"] = TreeHead.KeyIdOf(iag),
            ["witnessed_at"] = AuditEntry.Time(now),
            ["signature"] = Convert.ToBase64String(iag.SignData(latest.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        };
        var cosignaturePath = Path.Combine(export, CosignatureFile);
        TextFiles.WriteAll(cosignaturePath, cosignature.ToJsonString(Indented), "witness cosignature");
        WitnessState.Write(statePath, (state ?? new WitnessState(null, null)) with { LastSeen = latest });
        return new Witnessed(latest, cosignaturePath, TreeHead.KeyIdOf(iag));
    }
}
