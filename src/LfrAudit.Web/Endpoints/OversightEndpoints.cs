using System.Text.Json;
using LfrAudit.Application.Supervision;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>The supervisor's oversight (<see cref="SupervisionService"/>): supervisors only, no evidence, times in seconds.</summary>
internal static class OversightEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Map(IEndpointRouteBuilder app, SupervisionService supervision) =>
        app.MapGet("/api/oversight", () =>
        {
            var o = supervision.Overview();
            return Results.Json(new
            {
                at = o.At,
                waiting_too_long_seconds = SupervisorOverview.WaitingTooLong.TotalSeconds,
                decisions = o.Decisions.Select(d => new
                {
                    @operator = d.Operator, d.Confirmed, d.Rejected, d.Unsure, d.Decisions,
                    median_seconds = Math.Round(d.MedianToDecide.TotalSeconds, 1), longest_seconds = Math.Round(d.LongestToDecide.TotalSeconds, 1),
                }),
                waiting = o.Waiting.Select(w => new { alert = w.Alert, w.Camera, w.Deployment, raised_at = w.RaisedAt, waiting_seconds = Math.Round(w.Waiting.TotalSeconds), too_long = w.TooLong }),
                threshold_changes = o.ThresholdChanges,
                cameras = o.Cameras,
            }, Json);
        }).RequireAuthorization(Access.Supervise);
}
