using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LfrAudit.Web.Security;

/// <summary>Every change the console accepts carries the page's anti-forgery token (a form field or the X-CSRF-Token header).</summary>
internal static class Csrf
{
    public static TBuilder RequireCsrf<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
            await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext)
                ? await next(context)
                : ConsoleProblem.Result(StatusCodes.Status400BadRequest, "the request did not come from this console, or the page expired: reload it"));
}
