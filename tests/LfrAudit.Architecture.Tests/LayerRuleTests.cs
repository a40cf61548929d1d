using System.Reflection;

namespace LfrAudit.Architecture.Tests;

/// <summary>The layer rules of docs/architecture.md, each checked over the built assemblies.</summary>
[Trait("Category", "Unit")]
public sealed class LayerRuleTests
{
    private static void Holds(LayerRule rule, params Assembly[] assemblies)
    {
        var broken = assemblies.SelectMany(a => rule.Violations(a).Select(t => $"{a.GetName().Name}: {t}")).ToList();
        Assert.True(broken.Count == 0, $"{rule.Name}; broken by:\n  {string.Join("\n  ", broken)}");
    }

    [Fact]
    public void Core_depends_on_no_other_project_and_no_adapter_or_front_end_library() =>
        Holds(Layers.CoreStandsAlone, Layers.Assemblies[Layers.Core]);

    [Fact]
    public void The_recognition_engine_knows_nothing_of_deployments_accounts_or_the_audit_log() =>
        Holds(Layers.EngineKnowsNoPromises, Layers.Assemblies[Layers.Recognition]);

    [Fact]
    public void The_public_promises_depend_on_Core_and_the_engine_only() =>
        Holds(Layers.PromisesStandAlone, Layers.Assemblies[Layers.Governance]);

    [Fact]
    public void Vision_adapts_the_engine_and_never_reaches_the_promises() =>
        Holds(Layers.VisionIsAnEngineAdapter, Layers.Assemblies[Layers.Vision]);

    [Fact]
    public void Application_holds_use_cases_only_with_no_adapter_front_end_scenario_or_harness() =>
        Holds(Layers.UseCasesOnly, Layers.Assemblies[Layers.Application]);

    [Fact]
    public void Only_Vision_uses_OpenCvSharp_or_ONNX_Runtime() =>
        Holds(Layers.NoOpenCvOrOnnx, [.. Layers.AllBut(Layers.Vision)]);

    [Fact]
    public void Only_Storage_uses_Npgsql_or_Sqlite() =>
        Holds(Layers.NoDatabaseDriver, [.. Layers.AllBut(Layers.Storage)]);

    [Fact]
    public void Only_Web_and_the_renderers_use_ASP_NET_Core() =>
        Holds(Layers.NoAspNetCore, [.. Layers.AllBut([Layers.Web, .. Layers.Renderers])]);

    [Fact]
    public void The_renderers_use_Razor_components_but_no_HTTP_routing_or_hosting() =>
        Holds(Layers.RenderingOnly, [.. Layers.Renderers.Select(r => Layers.Assemblies[r])]);

    [Fact]
    public void Scenarios_do_not_depend_on_the_command_line_the_console_or_a_store_adapter() =>
        Holds(Layers.ScenariosAreClients, Layers.Assemblies[Layers.Scenarios]);

    [Fact]
    public void Every_project_of_ours_is_checked()
    {
        // A project added to src/ or benchmarks/ without a place in the rules would escape them.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", ".."));
        var projects = new[] { "src", "benchmarks" }.SelectMany(d => Directory.GetDirectories(Path.Combine(root, d)))
            .Select(p => Path.GetFileName(p)!).Where(n => n != "LfrAudit.Benchmarks").Order().ToList();
        Assert.Equal(projects, Layers.Assemblies.Keys.Order().ToList());
    }

    [Fact]
    public void No_test_project_references_another_but_the_shared_testing_project()
    {
        // Shared fixtures live in tests/LfrAudit.Testing; a test project referencing another drags its tests along.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", ".."));
        var crossed = Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(p => System.Xml.Linq.XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => r.Attribute("Include")!.Value.Replace('\\', '/'))
                .Where(i => !i.StartsWith("../../src/", StringComparison.Ordinal) && !i.StartsWith("../../benchmarks/", StringComparison.Ordinal)
                    && i != "../LfrAudit.Testing/LfrAudit.Testing.csproj")
                .Select(i => $"{Path.GetFileName(p)} -> {i}"))
            .ToList();
        Assert.True(crossed.Count == 0, string.Join("\n", crossed));
    }
}
