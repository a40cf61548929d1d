using System.Security.Claims;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Web.Security;

/// <summary>The console's authorisation policies, by role: who may see what, who may decide.</summary>
internal static class Access
{
    /// <summary>Operators: the alert queue with evidence, decisions and outcomes.</summary>
    public const string Adjudicate = "adjudicate";
    /// <summary>Operators and supervisors: the queue (supervisors without evidence) and the deployments' state.</summary>
    public const string Watch = "watch";
    /// <summary>IAG reviewers (and supervisors): the audit log's verification and the report, read-only.</summary>
    public const string Review = "review";
    /// <summary>Supervisors: the oversight of operators' decisions, waiting alerts, thresholds and cameras.</summary>
    public const string Supervise = "supervise";

    public static string[] RolesFor(string policy) => policy switch
    {
        Adjudicate => [Roles.Name(Role.Operator)],
        Watch => [Roles.Name(Role.Operator), Roles.Name(Role.Supervisor)],
        Supervise => [Roles.Name(Role.Supervisor)],
        _ => [Roles.Name(Role.Reviewer), Roles.Name(Role.Supervisor)],
    };

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("no signed-in user");

    public static string RoleName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";

    /// <summary>A machine client's role, as its key was issued (supervisor or reviewer); null for anything else.</summary>
    public static Role? MachineRole(this ClaimsPrincipal user) =>
        ApiKeyAuthentication.KeyOf(user) is not null && user.RoleName() is var name && Enum.GetValues<Role>().Any(r => r.Name() == name) ? Roles.Parse(name) : null;

    /// <summary>What a change made in the console came through, for the log: the browser's address as the server saw it.</summary>
    public static string Via(Microsoft.AspNetCore.Http.HttpContext ctx) => $"console from {ctx.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}";
}
