// Types that break the layer rules on purpose, so that a test can show each rule reports what it forbids. They live in
// the architecture tests' own assembly only; nothing uses them.
namespace LfrAudit.Architecture.Tests.Planted;

/// <summary>An OpenCV type outside Vision.</summary>
public sealed class HoldsAnOpenCvMat
{
    public OpenCvSharp.Mat? Image { get; set; }
}

/// <summary>An OpenCV call inside a method body only: no signature names the type.</summary>
public static class CallsOpenCvInABody
{
    public static int Cores() => OpenCvSharp.Cv2.GetNumThreads();
}

/// <summary>A database driver outside Storage.</summary>
public sealed class OpensANpgsqlConnection
{
    public static string Describe() { using var c = new Npgsql.NpgsqlConnection(); return c.GetType().Name; }
}

/// <summary>A store adapter of ours named by a use case or a scenario.</summary>
public static class NamesTheSqliteStore
{
    public static Type Adapter => typeof(LfrAudit.Storage.Sqlite.SqliteDatabase);
}

/// <summary>A renderer reading an HTTP request: only Web answers requests.</summary>
public static class ReadsAnHttpRequest
{
    public static string Path(Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Path;
}

/// <summary>Renders a component: allowed to the renderers, not to Core or the use cases.</summary>
public static class RendersAComponent
{
    public static string Page() => LfrAudit.Pages.PageRenderer.Render<Microsoft.AspNetCore.Components.Web.HeadOutlet>(new Dictionary<string, object?>());
}

/// <summary>A deployment (a public promise) named where only the recognition engine's types belong.</summary>
public static class ReachesForADeployment
{
    public static Type Promise => typeof(LfrAudit.Governance.Deployments.Deployment);
}

/// <summary>Keeps to every rule: the rules must not report it.</summary>
public sealed class KeepsToTheRules
{
    public LfrAudit.Core.Identifiers.SiteId? Site { get; set; }
}
