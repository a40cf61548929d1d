using LfrAudit.Architecture.Tests.Planted;
using NetArchTest.Rules;

namespace LfrAudit.Architecture.Tests;

/// <summary>
/// The rules can fail: the same rule objects the layer tests use, run over types planted in this assembly that break
/// them (Planted/), report exactly those types, and not the one that keeps to the rules.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlantedViolationTests
{
    private static readonly PredicateList Planted =
        Types.InAssembly(typeof(HoldsAnOpenCvMat).Assembly).That().ResideInNamespace(typeof(HoldsAnOpenCvMat).Namespace);

    [Fact]
    public void The_OpenCV_rule_reports_an_OpenCV_type_in_a_property_and_in_a_method_body()
    {
        var broken = Layers.NoOpenCvOrOnnx.Violations(Planted);
        Assert.Equal([typeof(CallsOpenCvInABody).FullName!, typeof(HoldsAnOpenCvMat).FullName!], broken.Order());
    }

    [Fact]
    public void The_database_rule_reports_a_driver_outside_Storage() =>
        Assert.Equal([typeof(OpensANpgsqlConnection).FullName!], Layers.NoDatabaseDriver.Violations(Planted));

    [Fact]
    public void The_use_case_rule_reports_OpenCV_a_driver_and_a_store_adapter_and_not_a_port()
    {
        var broken = Layers.UseCasesOnly.Violations(Planted);
        Assert.Equal(new[] { typeof(CallsOpenCvInABody), typeof(HoldsAnOpenCvMat), typeof(NamesTheSqliteStore), typeof(OpensANpgsqlConnection), typeof(ReadsAnHttpRequest), typeof(RendersAComponent) }
            .Select(t => t.FullName!).Order(), broken.Order());
        Assert.DoesNotContain(typeof(KeepsToTheRules).FullName!, broken);
    }

    [Fact]
    public void The_scenario_rule_reports_a_store_adapter() =>
        Assert.Equal([typeof(NamesTheSqliteStore).FullName!], Layers.ScenariosAreClients.Violations(Planted));

    [Fact]
    public void The_core_rule_reports_every_planted_violation_and_nothing_else() =>
        Assert.Equal(7, Layers.CoreStandsAlone.Violations(Planted).Count);

    [Fact]
    public void The_rendering_rule_reports_HTTP_and_not_a_rendered_component()
    {
        Assert.Equal([typeof(ReadsAnHttpRequest).FullName!], Layers.RenderingOnly.Violations(Planted));
        Assert.Contains(typeof(RendersAComponent).FullName!, Layers.NoAspNetCore.Violations(Planted));
    }

    [Fact]
    public void The_engine_rule_reports_a_deployment_that_the_promises_rule_allows()
    {
        var engine = Layers.EngineKnowsNoPromises.Violations(Planted);
        Assert.Contains(typeof(ReachesForADeployment).FullName!, engine);
        Assert.DoesNotContain(typeof(KeepsToTheRules).FullName!, engine);
        Assert.DoesNotContain(typeof(ReachesForADeployment).FullName!, Layers.PromisesStandAlone.Violations(Planted));
        Assert.Contains(typeof(ReachesForADeployment).FullName!, Layers.VisionIsAnEngineAdapter.Violations(Planted));
    }
}
