using System.Security.Claims;
using System.Text.Encodings.Web;
using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LfrAudit.Web.Security;

/// <summary>The keys the handler checks a presented key against.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public ApiKeyService? Keys { get; set; }
}

/// <summary>
/// Machine clients on the API: <c>Authorization: Bearer lfr_…</c> on an <c>/api</c> address, checked against the store on
/// every request (so a revocation holds at the next call), giving the key's role: a supervisor's or a reviewer's, never an
/// operator's. A key is never a session: no cookie, no sign-in entry; what it may read, its role says. It has no use on a
/// page. A key refused is logged by its id when it names one, never by its secret.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "api-key";

    /// <summary>The claim holding the key's id, which marks a principal as a machine's.</summary>
    public const string KeyClaim = "lfr:api-key";

    private const string Bearer = "Bearer ";

    /// <summary>Whether the request presents a key where keys are taken: a bearer token on an API address.</summary>
    public static bool Presented(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") && request.Headers.Authorization.ToString().StartsWith(Bearer, StringComparison.OrdinalIgnoreCase);

    /// <summary>The key's id, if the principal is a machine's; null for a signed-in person.</summary>
    public static ApiKeyId? KeyOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(KeyClaim) is { } id && ApiKeyId.IsWellFormed(id) ? ApiKeyId.Parse(id) : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Presented(Request)) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = Request.Headers.Authorization.ToString()[Bearer.Length..].Trim();
        var keys = Options.Keys ?? throw new InvalidOperationException("the API key scheme was given no keys");
        if (keys.Authenticate(presented) is not { } key)
        {
            var named = ApiKeyToken.TryParse(presented)?.Id.Value ?? "(not a key's form)";
            Logger.LogWarning("API key {Key} refused for {Method} {Path} from {Address}", named, Request.Method, Request.Path.Value,
                Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");
            return Task.FromResult(AuthenticateResult.Fail("the API key is not one this console accepts"));
        }
        // The name cannot be a user's (a colon is never in one), so nothing looks a machine up as a person.
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"apikey:{key.Client}"), new Claim(ClaimTypes.Role, key.Role.Name()), new Claim(KeyClaim, key.Id.Value)],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(new ConsoleProblem("Unauthorized", 401,
            "the API key is not one this console accepts (mistyped, revoked, or issued by another store): ask a supervisor (lfr apikeys list)",
            "the API key is not one this console accepts"), ConsoleProblem.Json, ConsoleProblem.MediaType);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ConsoleProblem("Forbidden", 403,
            "this key's role may not do this: a key is a supervisor's or a reviewer's, and no key decides an alert",
            "this key's role may not do this"), ConsoleProblem.Json, ConsoleProblem.MediaType);
    }
}
