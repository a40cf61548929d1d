using LfrAudit.Core.Audit;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Application.Audit;

/// <summary>An export as the IAG reviews it: whether it verifies, and the report drawn from it.</summary>
public sealed record IagReviewResult(VerificationResult Verification, string ReportHtml);

/// <summary>
/// The IAG's review of an audit export: verify it against a key the IAG trusts (<see cref="ExportTrust"/>), then report
/// from it; the report says plainly which key that was, and if the log did not verify, nothing else.
/// </summary>
public static class IagReview
{
    public static IagReviewResult Of(string exportDir, ExportTrust trust, DateTimeOffset now)
    {
        var (verification, note) = AuditExport.Verify(exportDir, trust);
        var (lines, _) = AuditExport.Read(exportDir);
        return new IagReviewResult(verification, IagReport.Render(lines, verification, UseCases.Calendar, now, note));
    }
}
