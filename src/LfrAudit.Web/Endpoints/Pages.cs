using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using LfrAudit.Pages;
using LfrAudit.Web.Pages;
using Microsoft.AspNetCore.Http;

namespace LfrAudit.Web.Endpoints;

/// <summary>
/// The console's script, style and page shell: plain files embedded in the assembly, served as they are; and the pages the
/// server fills in (sign-in), rendered from Razor components.
/// </summary>
internal static class Pages
{
    public static string Text(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"LfrAudit.Web.Pages.{name}")
            ?? throw new InvalidOperationException($"page {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IResult File(string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "text/html; charset=utf-8",
        };
        return Results.Text(Text(name), type);
    }

    public static IResult Login(HttpContext ctx, IAntiforgery csrf, string? problem) =>
        Html(PageRenderer.Render<LoginPage>(new Dictionary<string, object?>
        {
            [nameof(LoginPage.Csrf)] = csrf.GetAndStoreTokens(ctx).RequestToken!, [nameof(LoginPage.Problem)] = problem,
        }));

    /// <summary>A page the server rendered, as the answer to a request (with the status already set, unless one is given).</summary>
    public static IResult Html(string html, int? status = null) => Results.Text(html, "text/html; charset=utf-8", statusCode: status);
}
