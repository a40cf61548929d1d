using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Application.Audit;

/// <summary>What the IAG countersigned: the head, where the cosignature was written, and the IAG's key id.</summary>
public sealed record Witnessed(TreeHead Head, string CosignaturePath, string WitnessKeyId);

/// <summary>A witness's answer: countersigned, or refused (one line: the export does not verify, or is not what the IAG saw grow).</summary>
public sealed record WitnessOutcome(Witnessed? Countersigned, string? Refusal);

/// <summary>
/// The witness protocol: the IAG checks a new export against the last tree head it saw (kept in its own state
/// file), so the operator cannot show it one history and the public another; then countersigns the new head and
/// records it, with the operator key it was checked against, so that `verify --state` later holds the same trust.
/// </summary>
public static class AuditWitness
{
    /// <summary>Where the IAG's countersignature is written, beside the export.</summary>
    public const string CosignatureFile = "witness-cosignature.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Countersigns the export's latest head with the IAG's key if the export verifies and extends what the IAG saw
    /// before (its state file); refuses in one line otherwise.
    /// </summary>
    public static WitnessOutcome Witness(string export, string statePath, string iagKeyPath, string operatorKeyPath, DateTimeOffset now)
    {
        using var operatorKey = AuditKeys.LoadPublic(operatorKeyPath); // the IAG's own copy must be readable: exit 3 otherwise
        var state = WitnessState.Read(statePath);
        if (KeyConflict(state, operatorKey, operatorKeyPath, statePath) is { } conflict) return Refused(export, conflict);
        var result = AuditExport.Verify(export, new ExportTrust.Known(operatorKey, "the operator key given")).Result;
        if (!result.Ok) return Refused(export, $"does not verify ({result.Problems[0]})");
        var (entries, headLines) = AuditExport.Read(export);
        var latest = AuditExport.ParsedHeads(headLines)[^1];
        // Read again after verifying: the head countersigned must be one the operator signed, covering what was verified.
        if (latest.TreeSize != result.Entries || !latest.VerifySignature(operatorKey)) return Refused(export, "changed while it was being verified");
        if (state?.LastSeen is { } seen && LastSeen.Problem(entries, seen, state!.SeenLeaves, statePath) is { } problem) return Refused(export, problem);
        if (LastSeen.Advance(state, latest, operatorKey.ExportSubjectPublicKeyInfoPem(), entries) is not { } next)
            return Refused(export, "changed while it was being verified");

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
        WitnessState.Write(statePath, next);
        return new WitnessOutcome(new Witnessed(latest, cosignaturePath, TreeHead.KeyIdOf(iag)), null);
    }

    private static WitnessOutcome Refused(string export, string why) => new(null, $"{FileKind.Show(export)}: {why}; not countersigned");

    // Whatever the state records was checked against one operator key; a different one now would start a second history.
    private static string? KeyConflict(WitnessState? state, ECDsa operatorKey, string operatorKeyPath, string statePath)
    {
        var given = TreeHead.KeyIdOf(operatorKey);
        using var pinned = state?.PinnedKey();
        if (pinned is not null && TreeHead.KeyIdOf(pinned) != given)
            return $"the operator key given ({FileKind.Show(operatorKeyPath)}) is key id {given}, but {FileKind.Show(statePath)} pins the operator key {TreeHead.KeyIdOf(pinned)}";
        if (state?.LastSeen is { } seen && (seen.KeyId != given || !seen.VerifySignature(operatorKey)))
            return $"the operator key given ({FileKind.Show(operatorKeyPath)}) is key id {given}, but the head the IAG saw on {LondonTime.Show(seen.Timestamp)} ({FileKind.Show(statePath)}) is signed by key id {seen.KeyId}";
        return null;
    }
}
