using System.Net;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Inputs;
using LfrAudit.Core.Ports;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>
/// The IAG's pages, read-only: point at an audit export on this machine, verify it, read the report. Nothing here
/// changes the store; the verification result heads the page.
/// </summary>
internal static class IagEndpoints
{
    public static void Map(IEndpointRouteBuilder app, TimeProvider clock, ConsoleSettings settings)
    {
        app.MapGet("/iag", (HttpContext ctx, IAntiforgery csrf) => Page(ctx, csrf, null)).RequireAuthorization(Access.Review);

        app.MapPost("/iag", async (HttpContext ctx, IAntiforgery csrf) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            var export = form["export"].ToString().Trim();
            if (export.Length == 0 || FileKind.Of(export) != FileKindOf.Directory)
                return Page(ctx, csrf, $"{FileKind.Show(export)}: not an export folder (give the folder 'lfr audit export' wrote)");
            if (settings.TrustedAuditKeyPem is not { } pem)
                return Page(ctx, csrf, "this console holds no operator key to check exports against (start it with the store's signing key beside the store, or give it the operator's public key): it will not trust an export's own key");
            using var key = System.Security.Cryptography.ECDsa.Create();
            key.ImportFromPem(pem);
            var review = IagReview.Of(export, new ExportTrust.Known(key, settings.TrustedAuditKeySource), clock.GetUtcNow());
            // The report is this program's own escaped HTML, with its own styles inline.
            ctx.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
            var banner = review.Verification.Ok
                ? $"<p role=\"status\" style=\"font-size:1.5rem;background:#d6f5d6;border:3px solid #060;padding:1rem\">VERIFIED: {review.Verification.Entries} entries, {review.Verification.Heads} signed tree heads, every check holds.</p>"
                : $"<p role=\"alert\" style=\"font-size:1.5rem;background:#fdd;border:3px solid #a00;padding:1rem\">DOES NOT VERIFY: {WebUtility.HtmlEncode(string.Join("; ", review.Verification.Problems.Take(3)))}</p>";
            var html = review.ReportHtml.Replace("<body>", "<body>" + banner, StringComparison.Ordinal);
            return Results.Text(html, "text/html; charset=utf-8");
        }).RequireAuthorization(Access.Review).RequireCsrf();
    }

    private static IResult Page(HttpContext ctx, IAntiforgery csrf, string? problem)
    {
        var html = Pages.Text("iag.html")
            .Replace("{{csrf}}", WebUtility.HtmlEncode(csrf.GetAndStoreTokens(ctx).RequestToken!), StringComparison.Ordinal)
            .Replace("{{user}}", WebUtility.HtmlEncode(ctx.User.Name()), StringComparison.Ordinal)
            .Replace("{{problem}}", problem is null ? "" : $"<p role=\"alert\" class=\"problem\">{WebUtility.HtmlEncode(problem)}</p>", StringComparison.Ordinal);
        return Results.Text(html, "text/html; charset=utf-8");
    }
}
