using System.Net;
using System.Security.Cryptography.X509Certificates;
using LfrAudit.Application;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Alerts;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Pages.Layout;
using LfrAudit.Web.Endpoints;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace LfrAudit.Web;

/// <summary>
/// The operators' console as a running web server over one store: named users only, by role; the alert queue
/// pushed as alerts arrive; decisions through the same use cases as the command line. Bound to loopback unless
/// told otherwise; HTTPS with a supplied certificate.
/// </summary>
public sealed class OperatorConsole : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;

    /// <summary>The address it actually listens on (a port of 0 is chosen by the system).</summary>
    public Uri Address { get; }

    /// <summary>When the HTTPS certificate ends, if that is soon enough to warn of at start (<see cref="ConsoleCertificate.ExpiryWarning"/>).</summary>
    public DateTimeOffset? CertificateEndsSoon { get; private init; }

    private OperatorConsole(WebApplication app, Uri address, X509Certificate2? certificate)
    {
        _app = app;
        _certificate = certificate;
        Address = address;
    }

    /// <summary>Starts the console on <paramref name="store"/> with <paramref name="settings"/>, listening once this returns.</summary>
    public static async Task<OperatorConsole> StartAsync(IStore store, ConsoleSettings settings, CancellationToken cancellation = default)
    {
        var clock = store.Clock; // the front end's one clock, which the store records by
        // Read before the server is built: a bad certificate is the user's one-line problem, not the server's failure.
        var certificate = settings.Listen.Scheme != Uri.UriSchemeHttps ? null
            : settings.CertificateFile is { } file ? ConsoleCertificate.Load(file, settings.CertificatePassword, clock.GetUtcNow())
            : throw new LfrInputException($"{settings.Listen}: HTTPS needs a certificate (a .pfx file: --certificate)");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            RequestLimits.Configure(k);
            var ip = settings.Listen.IsLoopback && settings.Listen.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Listen.Host);
            k.Listen(ip, settings.Listen.Port, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            });
        });
        AddServices(builder.Services, store, settings);
        var app = builder.Build();
        UsePipeline(app, store, settings);

        try { await app.StartAsync(cancellation).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // Not an address of this machine, or one another program holds: the user's to fix, in one line.
            certificate?.Dispose();
            throw new LfrInputException($"cannot listen on {settings.Listen}: {(e.InnerException ?? e).Message}");
        }
        catch { certificate?.Dispose(); throw; }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OperatorConsole(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)), certificate)
        {
            CertificateEndsSoon = certificate is null ? null : ConsoleCertificate.EndsSoon(certificate, clock.GetUtcNow()),
        };
    }

    /// <summary>
    /// The console's services: request limits, anti-forgery, cookie sign-in backed by sessions the console holds, and the
    /// access policies. The server and the in-process tests (tests/LfrAudit.Web.Tests, on WebApplicationFactory) compose
    /// the same console from this and <see cref="UsePipeline"/>; only the server differs (Kestrel, or a test server).
    /// </summary>
    public static void AddServices(IServiceCollection services, IStore store, ConsoleSettings settings)
    {
        var sessions = new ConsoleSessions(settings.SessionIdleLimit);
        services.AddSingleton(sessions);

        // The console's own log: requests and failures, through the front end's Serilog logger (none: a silent one).
        // The host's own start-up failure is not logged: StartAsync reports it as the user's one line (a bad address).
        services.AddSerilog(settings.Log is { } log
            ? new LoggerConfiguration().MinimumLevel.Verbose()
                .MinimumLevel.Override("Microsoft.Extensions.Hosting", Serilog.Events.LogEventLevel.Fatal)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                // On a machine's first console the framework makes its cookie key and warns that it is stored unencrypted
                // in the user's home: console sessions live in this process's memory, so it is noise, and it broke the one
                // line a refused start must be on a fresh machine.
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", Serilog.Events.LogEventLevel.Error)
                .WriteTo.Logger(log).CreateLogger()
            : Serilog.Core.Logger.None, dispose: settings.Log is not null);
        // One watch on the store's changes for every browser's alert stream; the host disposes it when the console stops.
        services.AddSingleton(_ => store.WatchChanges());
        AddEventSinks(services, store, settings);
        services.AddHealthChecks().AddCheck("store", new StoreHealthCheck(store));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LfrAudit console API";
            document.Info.Description = "The operators' console: alerts, decisions, outcomes, deployments, oversight and the IAG's review. "
                + "A person signs in at /login (a session cookie) and sends the page's anti-forgery token as X-CSRF-Token on every change. "
                + "Another force system sends an API key (lfr apikeys issue) as 'Authorization: Bearer lfr_...' on /api addresses: "
                + "a supervisor's key reads the queue (no evidence), the deployments and the oversight; a reviewer's the IAG's exports; no key decides an alert. "
                + "Refusals are RFC 9457 problem details.";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["apiKey"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "lfr_<key id>_<secret>",
                Description = "An API key issued by a supervisor (lfr apikeys issue), on /api addresses only",
            };
            document.Components.SecuritySchemes["session"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey, In = Microsoft.OpenApi.ParameterLocation.Cookie, Name = "lfr-session",
                Description = "A person's session, begun at /login",
            };
            return Task.CompletedTask;
        }));
        services.AddRouting();
        RequestLimits.Configure(services);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-Token";
            o.Cookie.Name = "lfr-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // A person signs in (a cookie naming a session the console holds); a machine presents an API key on /api. The
        // default scheme only chooses between them, by whether the request carries a key where keys are taken.
        const string either = "person-or-machine";
        services.AddAuthentication(either)
            .AddPolicyScheme(either, either, o => o.ForwardDefaultSelector = ctx =>
                ApiKeyAuthentication.Presented(ctx.Request) ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, o => o.Keys = new ApiKeyService(store))
            .AddCookie(o =>
        {
            o.Cookie.Name = "lfr-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = settings.SessionIdleLimit;
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
            o.SessionStore = sessions; // the cookie is a key to a session the console holds, so signing out ends it
            o.Events.OnValidatePrincipal = sessions.StillAllowed(store);
            // An API answers 401/403; only a page sends the browser to sign in.
            // The redirect is a path only, built from the request's path: the absolute one the handler builds names
            // whatever Host the request claimed (or none, or one that is not a host at all).
            o.Events.OnRedirectToLogin = c => Answer(c.HttpContext, StatusCodes.Status401Unauthorized, () => c.Response.Redirect(SignInPath(c.HttpContext.Request)));
            o.Events.OnRedirectToAccessDenied = c => Answer(c.HttpContext, StatusCodes.Status403Forbidden, null);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Access.Adjudicate, p => p.RequireRole(Access.RolesFor(Access.Adjudicate)))
            .AddPolicy(Access.Watch, p => p.RequireRole(Access.RolesFor(Access.Watch)))
            .AddPolicy(Access.Review, p => p.RequireRole(Access.RolesFor(Access.Review)))
            .AddPolicy(Access.Supervise, p => p.RequireRole(Access.RolesFor(Access.Supervise)))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    // Outbound events when a webhook or a broker is configured: relayed for as long as the console runs.
    private static void AddEventSinks(IServiceCollection services, IStore store, ConsoleSettings settings)
    {
        var sinks = new List<Application.Events.IEventSink>();
        if (settings.Webhook is { } url)
            sinks.Add(Events.WebhookSink.Create(url,
                settings.WebhookSecret ?? throw new LfrInputException($"{url.GetLeftPart(UriPartial.Authority)}: a webhook needs the secret its bodies are signed with"),
                store.Clock));
        if (settings.MqttBroker is { } broker) sinks.Add(new Events.MqttSink(broker, settings.MqttTopicPrefix));
        if (sinks.Count == 0) return;
        services.AddSingleton<IReadOnlyList<Application.Events.IEventSink>>(sinks);
        services.AddHostedService(s => new Events.EventRelayService(store, s.GetRequiredService<IStoreChanges>(), sinks,
            s.GetRequiredService<ILogger<Events.EventRelayService>>()));
    }

    /// <summary>The console's middleware and endpoints, over the services <see cref="AddServices"/> added.</summary>
    public static void UsePipeline(IApplicationBuilder app, IStore store, ConsoleSettings settings)
    {
        app.Use(SecurityHeaders.Apply);
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = settings.Log ?? Serilog.Core.Logger.None; // else it writes to Serilog's static logger, which no one set
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0} ms for {User}";
            o.EnrichDiagnosticContext = (context, http) => context.Set("User", http.User.Identity?.Name ?? "(not signed in)");
        });
        app.UseExceptionHandler(e => e.Run(ctx => Problem(ctx, store)));
        app.UseStatusCodePages(ConsoleProblem.ForEmptyApiAnswer);
        app.Use((ctx, next) => RequestLimits.RefuseWhatCannotBeRead(ctx, next, settings.MaxReviewBytes));
        // Public by law and by design: served to anyone, before any sign-in is asked for; nothing that leads out of the folder.
        if (settings.PublicSite is { } site) PublicSiteServing.Map(app, site);

        app.UseRouting(); // explicit, so authentication and authorisation sit between it and the endpoints
        app.UseAuthentication();
        app.UseAuthorization();
        var sessions = app.ApplicationServices.GetRequiredService<ConsoleSessions>();
        var clock = store.Clock;
        var accounts = new AccountService(store, new IdentityPasswordHashing(), new SignInThrottle(clock));
        var keys = new ApiKeyService(store);
        app.UseEndpoints(routes =>
        {
            SignInEndpoints.Map(routes, accounts);
            AlertEndpoints.Map(routes, UseCases.Alerts(store), routes.ServiceProvider.GetRequiredService<IStoreChanges>(), settings,
                user => ApiKeyAuthentication.KeyOf(user) is { } key ? keys.StillActive(key) : sessions.StillOpen(user, store));
            DeploymentEndpoints.Map(routes, UseCases.DeploymentQueries(store));
            OversightEndpoints.Map(routes, UseCases.Supervision(store));
            IagEndpoints.Map(routes, store, settings);
            routes.MapGet("/", (HttpContext ctx) => ctx.User.RoleName() == Roles.Name(Role.Reviewer) ? Results.Redirect("/iag") : Endpoints.Pages.File("console.html"));
            // A load balancer's or a supervisor's check: the console answers and its store can be read. Says nothing else.
            routes.MapHealthChecks("/health").AllowAnonymous();
            // The API described (OpenAPI 3), for other force systems to integrate with; a description, never data.
            routes.MapOpenApi("/openapi/v1.json").AllowAnonymous();
            routes.MapGet("/console.js", () => Endpoints.Pages.File("console.js")).AllowAnonymous();
            routes.MapGet("/console.css", () => Endpoints.Pages.File("console.css")).AllowAnonymous();
            routes.MapGet("/iag.js", () => Endpoints.Pages.File("iag.js")).AllowAnonymous();
            // The one style sheet every page carries inline, as a file for the alert desk (a static page).
            routes.MapGet("/style.css", () => Results.Text(StyleSheet.Css, "text/css; charset=utf-8")).AllowAnonymous();
        });
    }

    /// <summary>Runs until the token is cancelled (Ctrl+C, SIGTERM), then stops taking requests.</summary>
    public async Task WaitAsync(CancellationToken stop)
    {
        try { await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Stops the console: open sessions end and the listener closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }

    private static Task Answer(HttpContext ctx, int status, Action? redirect)
    {
        if (redirect is not null && !ctx.Request.Path.StartsWithSegments("/api")) redirect();
        else ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    // A use case's refusal (already decided, not confirmed, a bad value) is the user's answer, not a server failure; a store
    // that cannot be used now (its server restarting) is 503, and the console opens it again on the next request.
    private static async Task Problem(HttpContext ctx, IStore store)
    {
        var error = ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        if (error is not null and not LfrInputException && store.Explain(error) is { } explained) error = explained;
        (int status, string message) = error switch
        {
            StoreUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
            // Unassigned between the endpoint's check and the change: answered as for an alert that is not there.
            NotAssignedException => (StatusCodes.Status404NotFound, AlertEndpoints.NotYours),
            LfrInputException e => (StatusCodes.Status409Conflict, e.Message),
            Microsoft.AspNetCore.Http.BadHttpRequestException e => (e.StatusCode, e.Message),
            // A form or body the client sent that cannot be read: too many fields, a broken multipart, a forged token.
            InvalidDataException e => (StatusCodes.Status400BadRequest, $"the request could not be read: {e.Message}"),
            IOException e when ctx.Request.HasFormContentType => (StatusCodes.Status400BadRequest, $"the form could not be read: {e.Message}"),
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => (StatusCodes.Status400BadRequest, "the request did not come from this console, or the page expired: reload it"),
            _ => (StatusCodes.Status500InternalServerError, "the console failed; see its log"),
        };
        ctx.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) ctx.Response.Headers.RetryAfter = "5";
        SecurityHeaders.Set(ctx);
        // RFC 9457 problem details; 'error' is kept for the console's own script.
        await ctx.Response.WriteAsJsonAsync(new ConsoleProblem(ReasonPhrases(status), status, message, message), ConsoleProblem.Json, "application/problem+json");
    }

    private static string SignInPath(HttpRequest request) =>
        "/login" + QueryString.Create("ReturnUrl", (request.PathBase + request.Path).ToString() + request.QueryString.ToString());

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
