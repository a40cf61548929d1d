using System.Text.Json;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Calibration;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Recognition.Matching;
using LfrAudit.Scenarios.Demo;
using LfrAudit.Scenarios.Simulation;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr evaluate simulator SCENARIO: whether the simulator's footage costs recognition what real footage does, on the
/// same people (the footage-to-stills ratio of TPIR on simulated walk-pasts and on real clips, and FPIR on each).
/// Exit 0 when calibrated (the ratios within 0.10), 1 when not.
/// </summary>
internal static class EvaluateSimulatorCommand
{
    public static Command Create(CommandBinder bind)
    {
        var scenario = new Argument<string>("scenario") { Description = "The programme whose footage (size, rate) and scenes are simulated (YAML)" };
        var location = new Option<string?>("--location") { Description = "The scenario location whose scene the crowd walks in front of (default: its first)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated crowd (tune on one, check on others)", DefaultValueFactory = _ => 1 };
        var threshold = new Option<string?>("--threshold") { Description = "The threshold to calibrate at (default: the one most of the scenario's deployments use)" };
        var work = new Option<string>("--work") { Description = "Folder for the simulated footage, its truth, the scene and the embedding cache", DefaultValueFactory = _ => "calibration-output" };
        var datasets = new Option<string?>("--datasets") { Description = "Folder with ytf-dev, lfw and the scenes (else $LFR_DATASETS_DIR, else ./demo-data)" };
        var walks = new Option<int>("--walks")
        {
            Description = "How many times each spare photo walks past the camera, each time in another place in the crowd (1-10): more walks average out where a crowd happens to put people",
            DefaultValueFactory = _ => CalibrationRequest.DefaultWalks,
        }.Within(1, 10);
        var json = new Option<bool>("--json") { Description = "Write the figures as JSON on standard output" };
        var cmd = new Command("simulator", "Calibrate the simulator against real footage: TPIR per appearance over the same people's stills, simulated against real clips, and FPIR on each")
        {
            scenario, location, seed, walks, threshold, work, datasets, json,
        };
        ModelOptions.AddTo(cmd);
        bind.Bind(cmd, Uses.Models, async c =>
        {
            var s = ScenarioFile.Read(c.Get(scenario)!);
            var (folder, _) = DemoInputs.ResolveDatasets(c.Get(datasets), "--datasets");
            var workFolder = TextFiles.Folder(c.Get(work)!, "calibration folder");
            using var models = ModelOptions.Open(c, threadsPerModel: 2);
            var request = new CalibrationRequest(s, c.Get(location) ?? s.Locations[0].Key, folder, c.Get(seed),
                c.Get(threshold) is { } t ? Threshold.Parse(t) : new Threshold(s.OperatingThreshold), workFolder) { WalksPerPhoto = c.Get(walks) };
            var result = await new CalibrationAgainstRealFootage(models).RunAsync(request, new SimulationNarrator(c, quiet: c.Get(json)), c.Cancellation).ConfigureAwait(false);
            var k = result.Calibration;
            if (c.Get(json))
            {
                static object Ratio(RateRatio r) => new { value = r.Value, lower = r.Interval95?.Lower, upper = r.Interval95?.Upper };
                c.Output.SerialisedJson(JsonSerializer.Serialize(new
                {
                    threshold = k.Threshold, model = models.FaceEmbedder.ModelId, location = result.Location, scene = result.Scene, seed = result.Seed, walks_per_photo = request.WalksPerPhoto,
                    people = result.People, real_clips = result.RealClips, watchlist_entries = result.WatchlistEntries,
                    stills_tpir = ProportionJson.Of(k.Stills), real_tpir_per_appearance = ProportionJson.Of(k.RealTpir), simulated_tpir_per_appearance = ProportionJson.Of(k.SimulatedTpir),
                    real_ratio = Ratio(k.RealRatio), simulated_ratio = Ratio(k.SimulatedRatio), gap = k.Gap, tolerance = k.Tolerance, calibrated = k.Calibrated,
                    real_fpir_per_appearance = ProportionJson.Of(k.RealFalse), simulated_fpir_per_appearance = ProportionJson.Of(k.SimulatedFalse),
                    seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                string Show(Proportion p) => p.Rate is { } v ? string.Create(inv, $"{v:P1} ({p.Successes}/{p.Trials}; {p.Low:P1}–{p.High:P1})") : "no trials";
                string ShowRatio(RateRatio r) => r.Value is { } v ? string.Create(inv, $"{v:0.00} ({r.Interval95!.Value.Lower:0.00}–{r.Interval95!.Value.Upper:0.00})") : "not measurable";
                c.Output.Line(SafeText.Escape($"calibration at threshold {k.Threshold.ToString(inv)}, {result.People} people, scene of {result.Location}, seed {result.Seed}, {request.WalksPerPhoto} walk{(request.WalksPerPhoto == 1 ? "" : "s")} a photo"));
                c.Output.Line($"  stills found:                {Show(k.Stills)}");
                c.Output.Line($"  real clips, TPIR/appearance: {Show(k.RealTpir)}");
                c.Output.Line($"  simulated,  TPIR/appearance: {Show(k.SimulatedTpir)}");
                c.Output.Line($"  footage-to-stills ratio:     real {ShowRatio(k.RealRatio)}, simulated {ShowRatio(k.SimulatedRatio)}");
                c.Output.Line($"  FPIR per appearance:         real {Show(k.RealFalse)}, simulated {Show(k.SimulatedFalse)}");
                c.Output.Line(k.Gap is { } g
                    ? string.Create(inv, $"  {(k.Calibrated ? "calibrated" : "NOT calibrated")}: the simulated ratio is {g:+0.00;-0.00;0.00} from the real one (tolerance {k.Tolerance:0.00})")
                    : "  NOT calibrated: a ratio could not be measured");
                c.Output.Line(string.Create(inv, $"took {result.Elapsed.TotalSeconds:0} s"));
            }
            return k.Calibrated ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return cmd;
    }
}
