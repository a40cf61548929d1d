using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Application.Audit;

/// <summary>
/// The key an export must be signed with when trust comes from the IAG's state file, decided without writing anything:
/// the key pinned there; else, if the IAG has seen a head, the key that signed it (first use is over once anything is
/// recorded); else — a new state file — the export's own key, pinned only after the export verifies, and said loudly.
/// The export must also extend the head the IAG saw last.
/// </summary>
internal static class PinnedTrust
{
    /// <summary>What the state file decided: the key (the caller disposes it) and what to tell the reader; or why not.</summary>
    public sealed record Resolution(ECDsa? Key, string Note, string? Problem);

    public static Resolution Resolve(string statePath, string exportDir)
    {
        var state = WitnessState.Read(statePath); // damaged: exit 3, and never overwritten
        var (entries, _) = AuditExport.Read(exportDir);
        var shown = FileKind.Show(statePath);
        ECDsa key;
        string note;
        if (state?.PinnedKey() is { } pinned)
            (key, note) = (pinned, $"Verified against the operator key pinned in {shown} (key id {TreeHead.KeyIdOf(pinned)}).");
        else
        {
            try { key = AuditKeys.LoadPublic(Path.Combine(exportDir, AuditKeys.PublicFile)); }
            catch (LfrInputException ex) { return new Resolution(null, "", $"the export's public key: {ex.Message}"); }
            var id = TreeHead.KeyIdOf(key);
            if (state?.LastSeen is { } seen)
            {
                // The head the IAG saw is signed: only the key that signed it may be taken up now.
                if (seen.KeyId != id || !seen.VerifySignature(key))
                {
                    key.Dispose();
                    return new Resolution(null, "", $"{shown} records the head the IAG saw on {LondonTime.Show(seen.Timestamp)}, signed by key id {seen.KeyId}, but the export's public key is key id {id}: once the IAG has seen a head there is no first use, and this is not the operator's key");
                }
                note = $"Verified against the key that signed the head the IAG last saw (key id {id}, recorded in {shown}); it is pinned there once the export verifies.";
            }
            else note = $"FIRST USE: the export's public key (key id {id}) is pinned in {shown} once the export verifies; every later export must be signed with it. Check this key id with the operator out of band.";
        }
        if (state?.LastSeen is { } last && LastSeen.Problem(entries, last, state!.SeenLeaves, statePath) is { } problem)
        {
            key.Dispose();
            return new Resolution(null, note, problem);
        }
        return new Resolution(key, note, null);
    }
}
