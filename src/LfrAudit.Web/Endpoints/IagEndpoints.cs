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
            // An export the console knows is chosen by its name from the list; any other is typed as a folder on this machine.
            if (form["known"].ToString() is { Length: > 0 } name)
                return KnownExports(settings).Contains(name, StringComparer.Ordinal)
                    ? Review(ctx, csrf, Path.Combine(settings.ExportsFolder!, name), name)
                    : Page(ctx, csrf, "no such export among those this console knows: choose one from the list", StatusCodes.Status422UnprocessableEntity);
            var export = form["export"].ToString().Trim();
            // One answer for anything that is not an export — missing, a file, /etc, /proc/self — so the form tells no one
            // which paths exist on the server; only an export's own problems are said in detail.
            if (!LooksLikeExport(export))
                return Page(ctx, csrf, $"{FileKind.Show(export)}: not an export folder this console can read (give the folder 'lfr audit export' wrote)", StatusCodes.Status422UnprocessableEntity);
            return Review(ctx, csrf, export, export);
        }).RequireAuthorization(Access.Review).RequireCsrf();

        // The live log exported from the page, as 'lfr audit export' would (what the latest signed head covers), then reviewed.
        app.MapPost("/iag/export-live", (HttpContext ctx, IAntiforgery csrf) =>
        {
            if (settings.ExportsFolder is not { } folder || store.TreeHeadSigner is not { } signer)
                return Page(ctx, csrf, "this console cannot export its log: start it with an exports folder (--exports DIR) and the store's signing key", StatusCodes.Status409Conflict);
            var name = FreeName(clock, "live");
            AuditExport.Write(store.Audit, Path.Combine(folder, name), signer);
            return Review(ctx, csrf, Path.Combine(folder, name), name);
        }).RequireAuthorization(Access.Review).RequireCsrf();

        // For clients: the exports the console knows, newest first.
        app.MapGet("/api/iag/exports", () => Results.Json(KnownExports(settings).Select(n => new
        {
            name = n, entries_bytes = new FileInfo(Path.Combine(settings.ExportsFolder!, n, AuditExport.EntriesFile)).Length,
            written_at = new DirectoryInfo(Path.Combine(settings.ExportsFolder!, n)).LastWriteTimeUtc,
        }))).RequireAuthorization(Access.Review);

        // An export uploaded as a .zip (the request's body), unpacked safely among the exports the console knows; the page then reviews it by name.
        app.MapPost(RequestLimits.UploadPath, async (HttpContext ctx, CancellationToken aborted) =>
        {
            if (settings.ExportsFolder is not { } folder)
                return ConsoleProblem.Result(StatusCodes.Status409Conflict, "this console keeps no exports: start it with an exports folder (--exports DIR) to take uploads");
            // Read whole (within the upload limit the request limits set) so the archive can be searched; bounded, so never huge.
            using var body = new MemoryStream();
            try { await ctx.Request.Body.CopyToAsync(body, aborted); }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) { return ConsoleProblem.Result(e.StatusCode, e.Message); }
            body.Position = 0;
            var name = FreeName(clock, "upload");
            try
            {
                var unpacked = ExportArchive.Unpack(body, Path.Combine(folder, name), settings.MaxReviewBytes, "the uploaded archive");
                return Results.Json(new { name, files = unpacked.Files, bytes = unpacked.Bytes }, statusCode: StatusCodes.Status201Created);
            }
            catch (LfrInputException e) { return ConsoleProblem.Result(StatusCodes.Status422UnprocessableEntity, e.Message); }
        }).RequireAuthorization(Access.Review).RequireCsrf();

        // Verifies an export against the trusted key and the live log, and renders the report (or the form again, saying why not).
        IResult Review(HttpContext ctx, IAntiforgery csrf, string export, string shown)
        {
            if (settings.TrustedAuditKeyPem is not { } pem)
                return Page(ctx, csrf, "this console holds no operator key to check exports against (start it with the store's signing key beside the store, or give it the operator's public key): it will not trust an export's own key");
            long size = new FileInfo(Path.Combine(export, AuditExport.EntriesFile)).Length;
            if (size > settings.MaxReviewBytes)
                return Page(ctx, csrf, $"{FileKind.Show(shown)}: its entries are {size / (1024 * 1024)} MiB, more than this page reviews ({settings.MaxReviewBytes / (1024 * 1024)} MiB): review it with 'lfr audit report' on the IAG's own machine", StatusCodes.Status413PayloadTooLarge);
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
            catch (LfrInputException ex) { return Page(ctx, csrf, AsTyped(ex.Message, export, shown), StatusCodes.Status422UnprocessableEntity); }
            finally { reviewing.Release(); }
            // The report is this program's own page (every text encoded), with the console's status line above it and the one
            // style sheet inline: the policy allows that style sheet by its hash, and no other inline style.
            ctx.Response.Headers.ContentSecurityPolicy = ReportPolicy;
            var html = IagReport.Render(review.Entries, review.Verification, UseCases.Calendar, review.ReviewedAt, review.Trust, new ReviewBanner(review.LiveEntries));
            return Results.Text(html, "text/html; charset=utf-8");
        }

        IResult Page(HttpContext ctx, IAntiforgery csrf, string? problem, int status = StatusCodes.Status200OK) =>
            Pages.Html(PageRenderer.Render<IagFormPage>(new Dictionary<string, object?>
            {
                [nameof(IagFormPage.Csrf)] = csrf.GetAndStoreTokens(ctx).RequestToken!, [nameof(IagFormPage.User)] = ctx.User.Name(),
                [nameof(IagFormPage.Problem)] = problem, [nameof(IagFormPage.Known)] = KnownExports(settings),
                [nameof(IagFormPage.TakesUploads)] = settings.ExportsFolder is not null,
                [nameof(IagFormPage.ExportsLive)] = settings.ExportsFolder is not null && store.TreeHeadSigner is not null,
            }), status);
    }

    // The exports in the console's folder, newest first: each a folder holding an export's entries and heads, by name only.
    private static List<string> KnownExports(ConsoleSettings settings) =>
        settings.ExportsFolder is not { } folder || FileKind.Of(folder) != FileKindOf.Directory ? []
            : [.. new DirectoryInfo(folder).EnumerateDirectories().Where(d => d.LinkTarget is null && LooksLikeExport(d.FullName))
                .OrderByDescending(d => d.LastWriteTimeUtc).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Name)];

    // A name of its own in the folder: what, the UTC time, and a few random letters so two at once never meet.
    private static string FreeName(TimeProvider clock, string what) =>
        $"{what}-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>The IAG report's content policy: no script, nothing from elsewhere, the layout's one inline style sheet.</summary>
    internal static readonly string ReportPolicy =
        $"default-src 'none'; style-src {StyleSheet.PolicySource}; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static bool LooksLikeExport(string folder) =>
        folder.Length is > 0 and <= 4096 && FileKind.Of(folder) == FileKindOf.Directory
        && FileKind.Of(Path.Combine(folder, AuditExport.EntriesFile)) == FileKindOf.Regular
        && FileKind.Of(Path.Combine(folder, AuditExport.HeadsFile)) == FileKindOf.Regular;

    // Say where as the user typed or chose it: the console's own folders are nobody's business.
    private static string AsTyped(string message, string export, string shown)
    {
        var full = Path.GetFullPath(export);
        return full == shown ? message : message.Replace(full, shown, StringComparison.Ordinal);
    }
}
