using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LfrAudit.Web.Security;

/// <summary>
/// Every change the console accepts from a signed-in person carries the page's anti-forgery token (a form field or the
/// X-CSRF-Token header); a machine's API key is its own proof.
/// </summary>
internal static class Csrf
{
    public static TBuilder RequireCsrf<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
            // A key is sent by its client on purpose, never attached by a browser as a cookie is: nothing to forge.
            ApiKeyAuthentication.KeyOf(context.HttpContext.User) is not null
            || await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext)
                ? await next(context)
                : ConsoleProblem.Result(StatusCodes.Status400BadRequest, "the request did not come from this console, or the page expired: reload it"));
}
