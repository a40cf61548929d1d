using LfrAudit.Evaluation.Simulation;
using LfrAudit.Recognition.Matching;
using LfrAudit.Scenarios.Simulation;
using LfrAudit.Testing;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Scenarios.Tests;

/// <summary>
/// The simulator stays calibrated against real footage (issue 28): on the same people, the share of their appearances
/// found in simulated walk-pasts, over the share of their stills found, is within 0.10 of the same ratio on their real
/// clips. The degradations were tuned on crowd seeds 1 and 3; this checks seed 2, which the tuning never used, so it fails if a change
/// to the simulator (or the models) drifts the ratio.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SimulatorCalibrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-calibration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class QuietNarrator : ISimulationNarrator
    {
        public List<string> Lines { get; } = [];
        public void Step(DateTimeOffset at, string text) => Lines.Add(text);
        public void Detail(string text) => Lines.Add(text);
        public Task<T> Work<T>(string task, int total, Func<Action<int>, Task<T>> work) => work(_ => { });
    }

    [Fact]
    public async Task Simulated_footage_costs_recognition_what_real_footage_does_on_a_crowd_the_tuning_never_saw()
    {
        var scenario = ScenarioFile.Read(Path.Combine(SharedData.RepositoryRoot, "scenarios", "exampletown-winter.yaml"));
        using var models = RecognitionModels.Open(SharedData.Models, new ModelChoice());
        var narrator = new QuietNarrator();
        var result = await new CalibrationAgainstRealFootage(models).RunAsync(
            new CalibrationRequest(scenario, scenario.Locations[0].Key, SharedData.DatasetsDir, Seed: 2, new Threshold(scenario.OperatingThreshold), _dir)
            {
                // One walk a photo keeps CI's time (about 150 s; three walks, the command's default, take about 420 s).
                WalksPerPhoto = 1,
            }, narrator, CancellationToken.None);

        var k = result.Calibration;
        var said = string.Join("\n", narrator.Lines) + $"\nreal ratio {k.RealRatio.Value}, simulated {k.SimulatedRatio.Value}";
        Assert.True(k.Stills.Trials >= 50 && k.RealTpir.Trials >= 20 && k.SimulatedTpir.Trials >= 50, said);
        Assert.True(k.Calibrated, said);
    }
}
