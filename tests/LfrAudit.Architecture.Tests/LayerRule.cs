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
    public const string Core = "LfrAudit.Core", Application = "LfrAudit.Application", Vision = "LfrAudit.Vision", Storage = "LfrAudit.Storage",
        Publishing = "LfrAudit.Publishing", Evaluation = "LfrAudit.Evaluation", Web = "LfrAudit.Web", Cli = "LfrAudit.Cli",
        Scenarios = "LfrAudit.Scenarios", Measurement = "LfrAudit.Measurement";

    public static readonly string[] OpenCvAndOnnx = ["OpenCvSharp", "Microsoft.ML.OnnxRuntime"];
    public static readonly string[] Databases = ["Npgsql", "Microsoft.Data.Sqlite"];
    public static readonly string[] AspNetCore = ["Microsoft.AspNetCore"];
    public static readonly string[] Terminal = ["Spectre.Console", "System.CommandLine"];
    private static readonly string[] AllLibraries = [.. OpenCvAndOnnx, .. Databases, .. AspNetCore, .. Terminal];

    /// <summary>The domain and the engine: no other project of ours, and none of the libraries the adapters wrap.</summary>
    public static readonly LayerRule CoreStandsAlone = new("Core depends on no other LfrAudit project and no adapter or front-end library",
        [Application, Vision, Storage, Publishing, Evaluation, Web, Cli, Scenarios, Measurement, .. AllLibraries]);

    /// <summary>The use cases: Core's ports, Publishing's and Evaluation's renderers; never an adapter, a front end or a harness.</summary>
    public static readonly LayerRule UseCasesOnly = new("Application depends on no Storage, Vision, Web, Cli, Scenarios or Measurement project and none of their libraries",
        [Storage, Vision, Web, Cli, Scenarios, Measurement, .. AllLibraries]);

    public static readonly LayerRule NoOpenCvOrOnnx = new("only Vision uses OpenCvSharp or ONNX Runtime", OpenCvAndOnnx);
    public static readonly LayerRule NoDatabaseDriver = new("only Storage uses Npgsql or Microsoft.Data.Sqlite", Databases);
    public static readonly LayerRule NoAspNetCore = new("only Web uses ASP.NET Core", AspNetCore);

    /// <summary>The scripted scenarios are clients of the use cases, handed a store: never a front end, never a store adapter.</summary>
    public static readonly LayerRule ScenariosAreClients = new("Scenarios does not depend on Cli, Web or Storage", [Cli, Web, Storage]);

    /// <summary>Every assembly of ours (the CLI's is called lfr).</summary>
    public static readonly IReadOnlyDictionary<string, Assembly> Assemblies = new[]
        { Core, Application, Vision, Storage, Publishing, Evaluation, Web, Scenarios, Measurement }
        .ToDictionary(n => n, n => Assembly.Load(n))
        .Append(new KeyValuePair<string, Assembly>(Cli, Assembly.Load("lfr")))
        .ToDictionary();

    /// <summary>Every assembly of ours but the named ones.</summary>
    public static IEnumerable<Assembly> AllBut(params string[] names) => Assemblies.Where(a => !names.Contains(a.Key)).Select(a => a.Value);
}
