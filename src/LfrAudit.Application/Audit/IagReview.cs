using LfrAudit.Governance.Audit;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Application.Audit;

/// <summary>
/// An export as the IAG reviews it: whether it verifies, what the report is drawn from (its entries, the key it was
/// verified against, when), and — reviewed where the live log is open — how many entries that log holds now (an export is
/// never more than a prefix of it). The front end renders the report (<see cref="IagReport"/>), with its own status line.
/// </summary>
public sealed record IagReviewResult(VerificationResult Verification, IReadOnlyList<string> Entries, string? Trust, DateTimeOffset ReviewedAt,
    long? LiveEntries = null);

/// <summary>
/// The IAG's review of an audit export: verify it against a key the IAG trusts (<see cref="ExportTrust"/>), and against
/// the live log where there is one, then report from it; the report says plainly which key that was, and if the log did
/// not verify, nothing else.
/// </summary>
public static class IagReview
{
    /// <summary>Reviews the export in <paramref name="exportDir"/> against <paramref name="trust"/>'s key; never changes a store.</summary>
    public static IagReviewResult Of(string exportDir, ExportTrust trust, DateTimeOffset now, IAuditLog? live = null)
    {
        var (verification, note) = IagVerification.Verify(exportDir, trust);
        var (lines, _) = AuditExport.Read(exportDir);
        long? liveEntries = null;
        if (verification.Ok && live is not null)
        {
            var tree = live.Tree();
            liveEntries = tree.Size;
            if (LiveLog.Problem(tree, lines) is { } problem) verification = verification with { Problems = [problem] };
        }
        return new IagReviewResult(verification, lines, note, now, liveEntries);
    }
}
