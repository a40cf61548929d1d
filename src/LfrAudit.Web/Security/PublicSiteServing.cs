using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LfrAudit.Web.Security;

/// <summary>
/// Everything under /site: a file of the public site (<see cref="SiteFiles"/>), served to anyone before any sign-in
/// is asked for, or 404. Whatever is refused — a link, a special file, a path that climbs out — is plainly not
/// found, never a sign-in page or a server error that would tell a prober something is there.
/// </summary>
internal static class PublicSiteServing
{
    public const string Prefix = "/site";

    // Public by law and by design; its pages carry their own styles.
    private const string ContentPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Map(IApplicationBuilder app, string folder)
    {
        var files = new SiteFiles(folder);
        app.Map(new PathString(Prefix), site =>
        {
            site.Use(NotFoundIfWithdrawn);
            site.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = f => f.Context.Response.Headers.ContentSecurityPolicy = ContentPolicy,
            });
            site.Run(NotFound);
        });
    }

    // A file swapped for a link between being found and being opened: nothing of it was sent yet, so the answer is still 404.
    private static async Task NotFoundIfWithdrawn(HttpContext context, Func<Task> next)
    {
        try { await next().ConfigureAwait(false); }
        catch (SiteFileWithdrawnException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            SecurityHeaders.Set(context);
            await NotFound(context).ConfigureAwait(false);
        }
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
