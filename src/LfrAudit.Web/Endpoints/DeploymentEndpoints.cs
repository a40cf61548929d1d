using LfrAudit.Application.Deployments;
using LfrAudit.Governance.Deployments;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LfrAudit.Web.Endpoints;

/// <summary>
/// The deployments as the console header shows them, always in view: state, the threshold on record, each running
/// camera with the threshold it searches at (a change is refused while cameras run, so the two agree), and the operators
/// assigned to work its alerts.
/// </summary>
internal static class DeploymentEndpoints
{
    public static void Map(IEndpointRouteBuilder app, DeploymentService deployments) =>
        app.MapGet("/api/deployments", () => Results.Json(deployments.List()
            .Where(d => d.State is DeploymentState.Live or DeploymentState.NoticePublished or DeploymentState.Planned)
            .Select(d => new
            {
                id = d.Id.Value, site = d.Site?.Value, state = Deployment.Describe(d.State), location = d.Location.Name, threshold = d.Threshold.Value,
                cameras = d.Cameras.Select(c => c.Value), planned_start = d.PlannedStart, planned_end = d.PlannedEnd,
                running = deployments.OpenRuns(d.Id).Select(r => new { camera = r.Camera.Value, threshold = r.Threshold.Value, run = r.Run.Value }),
                operators = deployments.Operators(d.Id).Select(a => a.Operator),
            }))).RequireAuthorization(Access.Watch);
}
