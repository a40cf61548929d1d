using System.Text.Json;
using LfrAudit.Application.Alerts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LfrAudit.Governance.Stores;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>A decision or an outcome as the console posts it.</summary>
internal sealed record DecisionPost(string Decision, string? Note);
internal sealed record OutcomePost(string Outcome, string? Note);

/// <summary>
/// The alert queue: listed and pushed as alerts arrive (Server-Sent Events), evidence images for operators only,
/// decisions and outcomes through the same use case as the command line (final, audited under the user's name). An
/// operator sees, is shown the evidence of, and decides only the alerts of the deployments they are assigned to; any
/// other alert answers 404 exactly as one that does not exist, so a refusal never confirms an alert is there. Each
/// image shown is logged (evidence.viewed) before its bytes go out, and is never cached.
/// </summary>
internal static class AlertEndpoints
{
    /// <summary>The one answer for an alert that is not there and one that is not the operator's: the two must not be told apart.</summary>
    internal const string NotYours = "no such alert among the alerts of the deployments you are assigned to";

    private static IResult NotFound(string what) => ConsoleProblem.Result(StatusCodes.Status404NotFound, $"{what}: {NotYours}, or its evidence was deleted");

    /// <summary>How long a stream goes without reading the queue when nothing says it changed.</summary>
    private static readonly TimeSpan RereadEvery = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Map(IEndpointRouteBuilder app, AlertDeskService desk, IStoreChanges changes, ConsoleSettings settings, Func<System.Security.Claims.ClaimsPrincipal, bool> stillSignedIn)
    {
        // A person's queue is looked up by their name; a machine's (a supervisor's key) by its key's role alone.
        IReadOnlyList<QueuedAlert> CardsOf(System.Security.Claims.ClaimsPrincipal user) =>
            ApiKeyAuthentication.KeyOf(user) is null ? desk.CardsOf(user.Name()) : desk.CardsFor(user.MachineRole(), user.Name());

        app.MapGet("/api/alerts", (HttpContext ctx) => Results.Json(CardsOf(ctx.User).Select(Card), Json)).RequireAuthorization(Access.Watch);

        // Confirmed alerts still waiting for the officers' outcome: any of them may be given one.
        app.MapGet("/api/alerts/awaiting-outcome", (HttpContext ctx) => Results.Json(desk.AwaitingOutcome(ctx.User.Name()).Select(Card), Json))
            .RequireAuthorization(Access.Adjudicate);

        // Pushed, not polled: the stream reads the queue (summaries, one query) when the store says it changed, and then only
        // says what is new or gone. A route handler taking the cancellation token, so the API description lists it.
        app.MapGet("/api/alerts/stream", (HttpContext ctx, CancellationToken aborted) =>
        {
            ctx.Response.Headers.CacheControl = "no-store";
            return TypedResults.ServerSentEvents(QueueEvents(ctx.User, aborted));
        }).RequireAuthorization(Access.Watch);

        async IAsyncEnumerable<SseItem<string>> QueueEvents(System.Security.Claims.ClaimsPrincipal user, [EnumeratorCancellation] CancellationToken stop)
        {
            var shown = new HashSet<long>();
            var quiet = System.Diagnostics.Stopwatch.StartNew();
            var sinceRead = System.Diagnostics.Stopwatch.StartNew();
            bool changed = true;
            long mark = 0;
            while (!stop.IsCancellationRequested)
            {
                // The stream outlives the sign-in check at its start: at least once a second it ends with its session
                // (signed out, timed out, the user removed or given another role) rather than go on pushing alerts.
                if (!stillSignedIn(user)) yield break;
                // Read again now and then even unasked: a watch that went deaf costs a delay, never an alert.
                if (sinceRead.Elapsed > RereadEvery) changed = true;
                if (changed)
                {
                    // The mark is taken only as the queue is read: a change after it, even one during a wait that timed
                    // out, is still after the mark, so the next wait returns at once for it.
                    mark = changes.Mark;
                    sinceRead.Restart();
                    // An assignment or its removal is an entry too: the queue follows it.
                    var queue = CardsOf(user);
                    var now = queue.Select(p => p.Alert.Id).ToHashSet();
                    foreach (var card in queue.Where(p => shown.Add(p.Alert.Id)))
                    {
                        quiet.Restart();
                        yield return new SseItem<string>(Card(card).ToJsonString(Json), "alert");
                    }
                    foreach (var gone in shown.Where(id => !now.Contains(id)).ToList())
                    {
                        shown.Remove(gone);
                        quiet.Restart();
                        yield return new SseItem<string>(gone.ToString(System.Globalization.CultureInfo.InvariantCulture), "decided");
                    }
                }
                // A quiet stream still says it is there now and then, so a proxy or the browser does not give up on it.
                if (quiet.Elapsed > settings.StreamKeepAlive)
                {
                    quiet.Restart();
                    yield return new SseItem<string>("", "still-here");
                }
                changed = await changes.WaitAsync(mark, TimeSpan.FromSeconds(1), stop);
            }
        }

        app.MapGet("/api/alerts/{id:long}/probe.jpg", (long id, HttpContext ctx) =>
            Mine(id, ctx) && desk.ViewProbe(new AlertId(id), ctx.User.Name(), Access.Via(ctx)) is { } crop
                ? Evidence(ctx, crop, "image/jpeg")
                : NotFound("no evidence"))
            .RequireAuthorization(Access.Adjudicate);

        app.MapGet("/api/alerts/{id:long}/scene.jpg", (long id, HttpContext ctx) =>
            Mine(id, ctx) && desk.ViewScene(new AlertId(id), ctx.User.Name(), Access.Via(ctx)) is { } scene
                ? Evidence(ctx, scene, "image/jpeg")
                : NotFound("no scene (alerts raised before scenes were kept have none)"))
            .RequireAuthorization(Access.Adjudicate);

        app.MapGet("/api/alerts/{id:long}/reference", (long id, HttpContext ctx) =>
            Mine(id, ctx) && settings.ImagesRoot is { } root && desk.ViewReference(new AlertId(id), root, ctx.User.Name(), Access.Via(ctx)) is { } image
                ? Evidence(ctx, image.Bytes, ContentType(image.Bytes))
                : NotFound("no reference image (the console shows one only when started with the images root the watchlist was enrolled from)"))
            .RequireAuthorization(Access.Adjudicate);

        // What the body says is checked first (422: a decision or outcome that is no such thing, a rejection without its reason),
        // then whose the alert is (404), then the desk's own rules (409: decided already, not confirmed).
        app.MapPost("/api/alerts/{id:long}/decision", (long id, DecisionPost body, HttpContext ctx) =>
        {
            var (parsed, problem) = Parsed(body.Decision, AdjudicationNames.ParseDecision, "decision", Choices(Enum.GetValues<AlertDecision>().Select(d => d.Name())));
            if (problem is not null || parsed is not { } decision) return problem!;
            // The console asks for the reason of a rejection; so does its API, whatever client posts.
            if (decision is AlertDecision.Reject && Note(body.Note) is null)
                return ConsoleProblem.Result(StatusCodes.Status422UnprocessableEntity, "a rejection needs its reason in 'note' (why it is not the person)");
            if (!Mine(id, ctx)) return NotFound("no decision recorded");
            var decided = desk.Adjudicate(new AlertId(id), decision, ctx.User.Name(), Access.Via(ctx), Note(body.Note));
            return Results.Json(new { alert = id, decision = decided.Decision.Name(), by = decided.By, at = decided.At }, Json);
        }).RequireAuthorization(Access.Adjudicate).RequireCsrf();

        app.MapPost("/api/alerts/{id:long}/outcome", (long id, OutcomePost body, HttpContext ctx) =>
        {
            var (parsed, problem) = Parsed(body.Outcome, AdjudicationNames.ParseOutcome, "outcome", Choices(Enum.GetValues<EngagementOutcome>().Select(o => o.Name())));
            if (problem is not null || parsed is not { } outcome) return problem!;
            if (!Mine(id, ctx)) return NotFound("no outcome recorded");
            var recorded = desk.RecordOutcome(new AlertId(id), outcome, ctx.User.Name(), Access.Via(ctx), Note(body.Note));
            return Results.Json(new { alert = id, outcome = recorded.Outcome.Name(), by = recorded.By, at = recorded.At }, Json);
        }).RequireAuthorization(Access.Adjudicate).RequireCsrf();

        // Whether the signed-in operator is assigned to the alert's deployment; the use case checks again as it acts.
        bool Mine(long id, HttpContext ctx) => desk.IsAssignedTo(new AlertId(id), ctx.User.Name());
    }

    // The alert's fields as listed, then what the queue adds: the deployment, the entry it names and when the person was last seen.
    private static System.Text.Json.Nodes.JsonObject Card(QueuedAlert card)
    {
        var json = JsonSerializer.SerializeToNode(card.Alert, Json)!.AsObject();
        json["deployment"] = card.Deployment;
        json["entry"] = card.Entry is { } e ? JsonSerializer.SerializeToNode(e, Json) : null;
        json["last_seen_at"] = card.LastSeenAt;
        return json;
    }

    // Never cached, and wiped from memory once written: a decrypted crop does not linger until the collector gets to it.
    private static IResult Evidence(HttpContext ctx, byte[] bytes, string contentType)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        return new SentThenWiped(bytes, contentType);
    }

    private sealed class SentThenWiped(byte[] bytes, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext ctx)
        {
            try
            {
                ctx.Response.ContentType = contentType;
                ctx.Response.ContentLength = bytes.Length;
                await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
            }
            finally { System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes); }
        }
    }

    // The names a member may take, as a sentence lists them ("a, b or c"), from the domain's own names.
    private static string Choices(IEnumerable<string> names) => names.ToList() is [.. var first, var last] && first.Count > 0
        ? $"{string.Join(", ", first)} or {last}" : string.Join("", names);

    // A member of the body read as one of its names; missing or none of them is the client's to fix (422), said with the choices.
    private static (T? Value, IResult? Problem) Parsed<T>(string? text, Func<string, T> parse, string member, string choices) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, ConsoleProblem.Result(StatusCodes.Status422UnprocessableEntity, $"'{member}' is missing: give {choices}"));
        try { return (parse(text), null); }
        catch (LfrAudit.Core.Problems.LfrInputException)
        {
            return (null, ConsoleProblem.Result(StatusCodes.Status422UnprocessableEntity,
                $"'{member}' is not one this console knows: give {choices}"));
        }
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)];

    private static string ContentType(byte[] b) =>
        b is [0x89, (byte)'P', (byte)'N', (byte)'G', ..] ? "image/png" : b is [0xFF, 0xD8, ..] ? "image/jpeg" : "application/octet-stream";
}
