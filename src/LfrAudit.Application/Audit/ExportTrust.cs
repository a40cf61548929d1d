using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>
/// Which key an export must have been signed with. The IAG's default is a key it already holds — its own copy of the
/// operator's public key (<see cref="IagKey"/>), or the one pinned in its witness state file (<see cref="Pinned"/>: trust
/// on first use, pinned after) — never the copy inside the export, which a forger would simply replace. Trusting the
/// export's own key (<see cref="ExportsOwnKey"/>) is an explicit, loudly labelled choice.
/// </summary>
public abstract record ExportTrust
{
    /// <summary>The operator's public key as the IAG holds it (--public-key).</summary>
    public sealed record IagKey(string Path) : ExportTrust;

    /// <summary>
    /// The key pinned in the IAG's state file (--state), and the export must extend the head recorded there. First use
    /// (a new state file) takes the export's key, said loudly; <see cref="IagVerification"/> pins it once the export verifies.
    /// </summary>
    public sealed record Pinned(string StatePath) : ExportTrust;

    /// <summary>A key this program already holds (the console's own store's key).</summary>
    public sealed record Known(ECDsa Key, string Description) : ExportTrust;

    /// <summary>The key inside the export (--trust-export-key): proves only that the export is self-consistent.</summary>
    public sealed record ExportsOwnKey : ExportTrust;

    /// <summary>A trust decision made: the key to verify with and what to tell the reader; or (no key) why the export fails before any entry is read.</summary>
    public sealed record Decision(ECDsa? Key, string Note, string? KeyProblem) : IDisposable
    {
        /// <summary>Releases the key unless it was lent by the caller.</summary>
        public void Dispose() { if (Key is not null && !Borrowed) Key.Dispose(); }
        internal bool Borrowed { get; init; }
    }

    /// <summary>
    /// The key to verify with, and — whatever the trust — a refusal if the export's own key files are not that key: an
    /// export that verifies must not hand a forger's key to whoever sets up from its copies.
    /// </summary>
    internal Decision Decide(string exportDir)
    {
        var decision = Choose(exportDir);
        if (decision.Key is not { } key || ExportKeyCopies.Problem(exportDir, key) is not { } problem) return decision;
        decision.Dispose();
        return new Decision(null, decision.Note, problem);
    }

    private Decision Choose(string exportDir)
    {
        switch (this)
        {
            case IagKey k:
                var iag = AuditKeys.LoadPublic(k.Path); // the IAG's own copy must be readable: exit 3 otherwise
                return new Decision(iag, $"Verified against the operator's public key as the IAG holds it ({FileKind.Show(k.Path)}, key id {TreeHead.KeyIdOf(iag)}).", null);
            case Known k:
                return new Decision(k.Key, $"Verified against {k.Description} (key id {TreeHead.KeyIdOf(k.Key)}).", null) { Borrowed = true };
            case Pinned p:
                // Read-only here: pinning and recording the head seen happen only after the export verifies (IagVerification).
                var (key, note, problem) = PinnedTrust.Resolve(p.StatePath, exportDir);
                return new Decision(key, note, problem);
            default:
                try
                {
                    var own = AuditKeys.LoadPublic(System.IO.Path.Combine(exportDir, AuditKeys.PublicFile));
                    return new Decision(own, $"WARNING: verified against the public key INSIDE the export (key id {TreeHead.KeyIdOf(own)}), as asked. This shows only that the export is self-consistent: a forged export re-signed with another key would verify too. Check the key id with the operator, or verify against the operator's key as you hold it, or one pinned on first use.", null);
                }
                catch (LfrInputException ex) { return new Decision(null, "", $"the export's public key: {ex.Message}"); }
        }
    }
}

