using System.Security.Claims;
using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>Signing in and out: a form with an anti-forgery token, every attempt audited, guessing throttled.</summary>
internal static class SignInEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AccountService accounts)
    {
        app.MapGet("/login", (HttpContext ctx, IAntiforgery csrf) => Pages.Login(ctx, csrf, null)).AllowAnonymous();

        app.MapPost("/login", async (HttpContext ctx, IAntiforgery csrf) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            var from = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var result = accounts.SignIn(form["name"].ToString(), form["password"].ToString(), from);
            if (result.User is not { } user)
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Pages.Login(ctx, csrf, result.Refusal);
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role.Name()), ConsoleSessions.NewSessionClaim(),
                ConsoleSessions.PasswordClaimOf(user)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            // Whatever session the browser brought ends first: a sign-in always gets a new key, so a cookie planted or
            // copied before it never becomes the new user's session.
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(user.Role == Role.Reviewer ? "/iag" : "/");
        }).AllowAnonymous().RequireCsrf();

        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization().RequireCsrf();

        // Who is signed in, and the token every change must carry.
        app.MapGet("/api/session", (HttpContext ctx, IAntiforgery csrf) => Results.Json(new
        {
            user = ctx.User.Name(), role = ctx.User.RoleName(), csrf = csrf.GetAndStoreTokens(ctx).RequestToken,
        })).RequireAuthorization();
    }
}
