using LfrAudit.Pages.Layout;
using Microsoft.AspNetCore.Http;

namespace LfrAudit.Web.Security;

/// <summary>
/// Headers on every response: nothing cached (alerts and evidence must not linger in a browser's cache), no
/// framing, no sniffing, no referrer, and a content policy that allows only this site's own files and the one inline
/// style sheet the server-rendered pages carry (by its hash, never any inline style).
/// </summary>
internal static class SecurityHeaders
{
    public static Task Apply(HttpContext context, Func<Task> next)
    {
        Set(context);
        return next();
    }

    /// <summary>Sets the headers (again, on an error response, which starts from a cleared one).</summary>
    public static void Set(HttpContext context)
    {
        var h = context.Response.Headers;
        h.CacheControl = "no-store";
        h.Pragma = "no-cache";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h.ContentSecurityPolicy = $"default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self' {StyleSheet.PolicySource}; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
    }
}
