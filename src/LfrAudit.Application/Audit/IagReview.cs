using LfrAudit.Core.Audit;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Application.Audit;

/// <summary>An export as the IAG reviews it: whether it verifies, and the report drawn from it.</summary>
public sealed record IagReviewResult(VerificationResult Verification, string ReportHtml);

/// <summary>The IAG's review of an audit export: verify it against the operator's public key, then report from it (the report says plainly if it did not verify).</summary>
public static class IagReview
{
    public static IagReviewResult Of(string exportDir, string? publicKeyPath, DateTimeOffset now)
    {
        var verification = AuditExport.Verify(exportDir, publicKeyPath);
        var (lines, _) = AuditExport.Read(exportDir);
        return new IagReviewResult(verification, IagReport.Render(lines, verification, UseCases.Calendar, now));
    }
}
