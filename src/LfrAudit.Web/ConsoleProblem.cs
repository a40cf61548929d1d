using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace LfrAudit.Web;

/// <summary>An answer that is not a success, as RFC 9457 problem details; <see cref="Error"/> repeats the detail for the console's script.</summary>
internal sealed record ConsoleProblem(string Title, int Status, string Detail, string Error)
{
    public const string MediaType = "application/problem+json";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A refusal an endpoint returns itself (not found, a bad token), in the same shape as a thrown one.</summary>
    public static IResult Result(int status, string detail) =>
        Results.Json(new ConsoleProblem(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), status, detail, detail), Json, MediaType, status);

    /// <summary>An API answer that is an error with no body (no route, wrong method, not signed in): problem details too.</summary>
    public static async Task ForEmptyApiAnswer(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!http.Request.Path.StartsWithSegments("/api")) return;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status401Unauthorized => "sign in first",
            StatusCodes.Status403Forbidden => "your role may not do this",
            StatusCodes.Status404NotFound => "no such thing here",
            StatusCodes.Status405MethodNotAllowed => "this address does not take that method",
            _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
        };
        await http.Response.WriteAsJsonAsync(new ConsoleProblem(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), status, detail, detail), Json, MediaType);
    }
}
