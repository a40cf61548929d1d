using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>
/// `audit verify` and `audit report` as the IAG runs them. With its state file (--state) the export must be signed with
/// the pinned key and extend the head the IAG last saw; once it verifies, the state records it — the key on first use,
/// and its latest head as the one last seen — so that an older or rewritten export is refused next time, whichever
/// command sees it. Nothing but the IAG's own state file is written, and nothing at all when the export fails.
/// </summary>
public static class IagVerification
{
    /// <summary>Verifies the export in <paramref name="dir"/> entry by entry against its signed heads and <paramref name="trust"/>'s key.</summary>
    public static ExportVerification Verify(string dir, ExportTrust trust)
    {
        if (trust is not ExportTrust.Pinned pinned) return AuditExport.Verify(dir, trust);
        var (key, note, problem) = PinnedTrust.Resolve(pinned.StatePath, dir);
        if (key is null)
        {
            var (entries, heads) = AuditExport.Read(dir);
            return new ExportVerification(new VerificationResult(entries.Count, heads.Count, [problem!], null), note);
        }
        using (key)
        {
            var verified = AuditExport.Verify(dir, new ExportTrust.Known(key, "the pinned key")) with { TrustNote = note };
            if (!verified.Result.Ok) return verified;
            return Record(dir, pinned.StatePath, key, verified);
        }
    }

    // The head recorded is read again and must be one the key signed, covering what was verified: the folder may change meanwhile.
    private static ExportVerification Record(string dir, string statePath, System.Security.Cryptography.ECDsa key, ExportVerification verified)
    {
        var (entries, headLines) = AuditExport.Read(dir);
        var latest = AuditExport.ParsedHeads(headLines).LastOrDefault();
        var state = WitnessState.Read(statePath);
        var next = latest is null || latest.TreeSize != verified.Result.Entries || !latest.VerifySignature(key) ? null
            : LastSeen.Advance(state, latest, key.ExportSubjectPublicKeyInfoPem(), entries);
        if (next is null)
            return verified with { Result = verified.Result with { Problems = ["the export changed while it was being verified; nothing was recorded: verify it again"] } };
        WitnessState.Write(statePath, next);
        return verified;
    }
}
