using LfrAudit.Application;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Stores;
using LfrAudit.Pages;
using LfrAudit.Pages.Layout;
using LfrAudit.Publishing.Oversight;
using LfrAudit.Web.Pages;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>
/// The IAG's pages, read-only: point at an audit export on this machine, verify it — against the operator's key and
/// against this console's own live log, which must hold every one of its entries — and read the report. Nothing here
/// changes the store; the verification result heads the page.
/// </summary>
internal static class IagEndpoints
{
    /// <summary>The page over the store the console serves: exports are checked against its live log too.</summary>
    public static void Map(IEndpointRouteBuilder app, IStore store, ConsoleSettings settings)
    {
        var (clock, live) = (store.Clock, store.Audit);
        // One review at a time: each holds its export in memory, and the console shares its machine with the cameras.
        var reviewing = new SemaphoreSlim(1, 1);
        app.MapGet("/iag", (HttpContext ctx, IAntiforgery csrf) => Page(ctx, csrf, null)).RequireAuthorization(Access.Review);

        app.MapPost("/iag", async (HttpContext ctx, IAntiforgery csrf) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            var export = form["export"].ToString().Trim();
            // One answer for anything that is not an export — missing, a file, /etc, /proc/self — so the form tells no one
            // which paths exist on the server; only an export's own problems are said in detail.
            if (!LooksLikeExport(export))
                return Page(ctx, csrf, $"{FileKind.Show(export)}: not an export folder this console can read (give the folder 'lfr audit export' wrote)", StatusCodes.Status422UnprocessableEntity);
            if (settings.TrustedAuditKeyPem is not { } pem)
                return Page(ctx, csrf, "this console holds no operator key to check exports against (start it with the store's signing key beside the store, or give it the operator's public key): it will not trust an export's own key");
            long size = new FileInfo(Path.Combine(export, AuditExport.EntriesFile)).Length;
            if (size > settings.MaxReviewBytes)
                return Page(ctx, csrf, $"{FileKind.Show(export)}: its entries are {size / (1024 * 1024)} MiB, more than this page reviews ({settings.MaxReviewBytes / (1024 * 1024)} MiB): review it with 'lfr audit report' on the IAG's own machine", StatusCodes.Status413PayloadTooLarge);
            if (!reviewing.Wait(0))
            {
                ctx.Response.Headers.RetryAfter = "30";
                return Page(ctx, csrf, "another export is being reviewed on this console: try again in a minute", StatusCodes.Status503ServiceUnavailable);
            }
            using var key = System.Security.Cryptography.ECDsa.Create();
            key.ImportFromPem(pem);
            IagReviewResult review;
            try { review = IagReview.Of(export, new ExportTrust.Known(key, settings.TrustedAuditKeySource), clock.GetUtcNow(), live); }
            // A folder that is not an export, a file in it that cannot be read: the page again, saying so, never a JSON error.
            catch (LfrInputException ex) { return Page(ctx, csrf, AsTyped(ex.Message, export), StatusCodes.Status422UnprocessableEntity); }
            finally { reviewing.Release(); }
            // The report is this program's own page (every text encoded), with the console's status line above it and the one
            // style sheet inline: the policy allows that style sheet by its hash, and no other inline style.
            ctx.Response.Headers.ContentSecurityPolicy = ReportPolicy;
            var html = IagReport.Render(review.Entries, review.Verification, UseCases.Calendar, review.ReviewedAt, review.Trust, new ReviewBanner(review.LiveEntries));
            return Results.Text(html, "text/html; charset=utf-8");
        }).RequireAuthorization(Access.Review).RequireCsrf();
    }

    /// <summary>The IAG report's content policy: no script, nothing from elsewhere, the layout's one inline style sheet.</summary>
    internal static readonly string ReportPolicy =
        $"default-src 'none'; style-src {StyleSheet.PolicySource}; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    // Say where as the user typed it: the console's own folders are nobody's business.
    private static bool LooksLikeExport(string folder) =>
        folder.Length is > 0 and <= 4096 && FileKind.Of(folder) == FileKindOf.Directory
        && FileKind.Of(Path.Combine(folder, AuditExport.EntriesFile)) == FileKindOf.Regular
        && FileKind.Of(Path.Combine(folder, AuditExport.HeadsFile)) == FileKindOf.Regular;

    private static string AsTyped(string message, string typed)
    {
        var full = Path.GetFullPath(typed);
        return full == typed ? message : message.Replace(full, typed, StringComparison.Ordinal);
    }

    private static IResult Page(HttpContext ctx, IAntiforgery csrf, string? problem, int status = StatusCodes.Status200OK) =>
        Pages.Html(PageRenderer.Render<IagFormPage>(new Dictionary<string, object?>
        {
            [nameof(IagFormPage.Csrf)] = csrf.GetAndStoreTokens(ctx).RequestToken!, [nameof(IagFormPage.User)] = ctx.User.Name(),
            [nameof(IagFormPage.Problem)] = problem,
        }), status);
}
