using System.Reflection;
using NetArchTest.Rules;

namespace LfrAudit.Architecture.Tests;

/// <summary>
/// One rule of docs/architecture.md: the types it applies to may not depend (in any signature, field, attribute or
/// method body, as NetArchTest reads the IL) on any namespace it forbids. A forbidden name is a namespace prefix:
/// "OpenCvSharp" forbids every OpenCvSharp type.
/// </summary>
public sealed record LayerRule(string Name, IReadOnlyList<string> Forbidden)
{
    /// <summary>The types among these that break the rule, by full name (none: the rule holds).</summary>
    public IReadOnlyList<string> Violations(PredicateList types) =>
        types.Should().NotHaveDependencyOnAny([.. Forbidden]).GetResult().FailingTypeNames?.ToList() ?? [];

    /// <summary>The types of a whole assembly that break the rule (every type, the generated ones too).</summary>
    public IReadOnlyList<string> Violations(Assembly assembly) =>
        Violations(Types.InAssembly(assembly).That().HaveNameMatching(".*"));
}

/// <summary>The projects and libraries the rules name, and the rules themselves.</summary>
public static class Layers
{
    public const string Core = "LfrAudit.Core", Recognition = "LfrAudit.Recognition", Governance = "LfrAudit.Governance", Application = "LfrAudit.Application", Vision = "LfrAudit.Vision", Storage = "LfrAudit.Storage",
        Publishing = "LfrAudit.Publishing", Evaluation = "LfrAudit.Evaluation", Web = "LfrAudit.Web", Cli = "LfrAudit.Cli",
        Scenarios = "LfrAudit.Scenarios", Measurement = "LfrAudit.Measurement", Pages = "LfrAudit.Pages";

    public static readonly string[] OpenCvAndOnnx = ["OpenCvSharp", "Microsoft.ML.OnnxRuntime"];
    public static readonly string[] Databases = ["Npgsql", "Microsoft.Data.Sqlite"];
    public static readonly string[] AspNetCore = ["Microsoft.AspNetCore"];

    /// <summary>
    /// ASP.NET Core but its components' rendering: every namespace of the shared framework's Microsoft.AspNetCore.*
    /// assemblies (HTTP, routing, hosting, servers, MVC, …; read from the framework this test runs on, so a new one is
    /// covered), the components' HTTP hosting (Server, Endpoints) and the one type in Microsoft.AspNetCore itself.
    /// </summary>
    public static readonly string[] AspNetCoreButComponents =
    [
        .. Directory.GetFiles(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Components.ComponentBase).Assembly.Location)!, "Microsoft.AspNetCore.*.dll")
            .Select(f => string.Join('.', Path.GetFileNameWithoutExtension(f).Split('.').Take(3)))
            .Where(n => n != "Microsoft.AspNetCore.Components").Distinct().Order(),
        "Microsoft.AspNetCore.Components.Server", "Microsoft.AspNetCore.Components.Endpoints", "Microsoft.AspNetCore.WebHost",
    ];

    /// <summary>The projects that render pages: they may use Razor components (through Pages), never HTTP.</summary>
    public static readonly string[] Renderers = [Pages, Publishing, Evaluation, Scenarios];
    public static readonly string[] Terminal = ["Spectre.Console", "System.CommandLine"];
    private static readonly string[] AllLibraries = [.. OpenCvAndOnnx, .. Databases, .. AspNetCore, .. Terminal];

    /// <summary>What every project speaks (problems, identifiers, clocks, untrusted input): no other project of ours, no adapter or front-end library.</summary>
    public static readonly LayerRule CoreStandsAlone = new("Core depends on no other LfrAudit project and no adapter or front-end library",
        [Recognition, Governance, Application, Vision, Storage, Publishing, Evaluation, Web, Cli, Scenarios, Measurement, Pages, .. AllLibraries]);

    /// <summary>
    /// The recognition engine changes for speed and accuracy, never for a policy: it knows Core only, nothing of
    /// deployments, notices, accounts or the audit log, and none of the libraries the adapters wrap.
    /// </summary>
    public static readonly LayerRule EngineKnowsNoPromises = new("Recognition depends on Core only: no Governance, no other LfrAudit project, no adapter or front-end library",
        [Governance, Application, Vision, Storage, Publishing, Evaluation, Web, Cli, Scenarios, Measurement, Pages, .. AllLibraries]);

    /// <summary>The public promises: Core and the engine's types, never a use case, an adapter or a front end.</summary>
    public static readonly LayerRule PromisesStandAlone = new("Governance depends on Core and Recognition only, and no adapter or front-end library",
        [Application, Vision, Storage, Publishing, Evaluation, Web, Cli, Scenarios, Measurement, Pages, .. AllLibraries]);

    /// <summary>The engine's adapters (detection, embedding, frames) implement Recognition's ports and never reach the promises.</summary>
    public static readonly LayerRule VisionIsAnEngineAdapter = new("Vision depends on Core and Recognition, never on Governance or a use case",
        [Governance, Application, Storage, Publishing, Web, Cli, Scenarios, Measurement, Pages]);

    /// <summary>The use cases: Core's ports, Publishing's and Evaluation's renderers; never an adapter, a front end or a harness.</summary>
    public static readonly LayerRule UseCasesOnly = new("Application depends on no Storage, Vision, Web, Cli, Scenarios or Measurement project and none of their libraries",
        [Storage, Vision, Web, Cli, Scenarios, Measurement, Pages, .. AllLibraries]);

    public static readonly LayerRule NoOpenCvOrOnnx = new("only Vision uses OpenCvSharp or ONNX Runtime", OpenCvAndOnnx);
    public static readonly LayerRule NoDatabaseDriver = new("only Storage uses Npgsql or Microsoft.Data.Sqlite", Databases);
    public static readonly LayerRule NoAspNetCore = new("only Web and the renderers use ASP.NET Core", AspNetCore);

    /// <summary>Pages, Publishing, Evaluation and Scenarios render Razor components to strings: no HTTP, routing or hosting.</summary>
    public static readonly LayerRule RenderingOnly = new("the renderers use ASP.NET Core's components only, never its HTTP, routing or hosting", AspNetCoreButComponents);

    /// <summary>The scripted scenarios are clients of the use cases, handed a store: never a front end, never a store adapter.</summary>
    public static readonly LayerRule ScenariosAreClients = new("Scenarios does not depend on Cli, Web or Storage", [Cli, Web, Storage]);

    /// <summary>Every assembly of ours (the CLI's is called lfr).</summary>
    public static readonly IReadOnlyDictionary<string, Assembly> Assemblies = new[]
        { Core, Recognition, Governance, Application, Vision, Storage, Publishing, Evaluation, Web, Scenarios, Measurement, Pages }
        .ToDictionary(n => n, n => Assembly.Load(n))
        .Append(new KeyValuePair<string, Assembly>(Cli, Assembly.Load("lfr")))
        .ToDictionary();

    /// <summary>Every assembly of ours but the named ones.</summary>
    public static IEnumerable<Assembly> AllBut(params string[] names) => Assemblies.Where(a => !names.Contains(a.Key)).Select(a => a.Value);
}
