using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace LfrAudit.Web.Endpoints;

/// <summary>The console's pages, script and style: plain files embedded in the assembly, served as they are.</summary>
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

    public static IResult Login(HttpContext ctx, IAntiforgery csrf, string? problem)
    {
        var token = csrf.GetAndStoreTokens(ctx).RequestToken!;
        var html = Text("login.html")
            .Replace("{{csrf}}", WebUtility.HtmlEncode(token), StringComparison.Ordinal)
            .Replace("{{problem}}", problem is null ? "" : $"<p role=\"alert\" class=\"problem\">{WebUtility.HtmlEncode(problem)}</p>", StringComparison.Ordinal);
        return Results.Text(html, "text/html; charset=utf-8");
    }
}
