using LfrAudit.Evaluation.Simulation;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Tests;

/// <summary>
/// A location's ground is read by the scenario (Evaluation) and filmed by the crowd clip (Vision), two layers that may not
/// share a type: they must agree on the default floor and on what a ground may be, or a scenario the reader accepts
/// could be refused halfway through a programme.
/// </summary>
public sealed class SceneGroundAgreementTests
{
    [Fact]
    public void The_scenario_and_the_crowd_clip_agree_on_the_default_floor_and_on_every_ground_the_scenario_accepts()
    {
        Assert.Equal((CrowdLook.DefaultHorizon, CrowdLook.DefaultDescent), (LocationGround.Default.Horizon, LocationGround.Default.Descent));
        Assert.Equal(CrowdLook.LowestNearFace, LocationGround.LowestNearFace);
        // Every ground the scenario reads (each number in its range to two places, the sum within the near line or just beyond it) films.
        for (int h = 0; h <= 900; h += 10)
            for (int d = 0; d <= 600; d += 10)
            {
                var text = FormattableString.Invariant($"name: t\nlocations:\n  a: {{scene: v.mp4, ground: {{horizon: {h / 1000.0:0.###}, descent: {d / 1000.0:0.###}}}}}\ndeployments:\n  - {{date: 2027-01-10, location: a}}\n");
                LocationGround? read;
                try { read = ScenarioFile.Parse(text, "t.yaml").Locations[0].Ground; }
                catch (LfrAudit.Core.Problems.LfrInputException) { read = null; }
                var filmed = CrowdLook.GroundProblem(h / 1000.0, d / 1000.0);
                Assert.True((read is null) == (filmed is not null), $"horizon {h / 1000.0}, descent {d / 1000.0}: read {read}, film says {filmed ?? "fine"}");
            }
    }
}
