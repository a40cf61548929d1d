using LfrAudit.Core.Untrusted;
using LfrAudit.Measurement.Pipeline;
using LfrAudit.Scenarios.Demo;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr bench: medians measured in one run on this machine, written to JSON. Timing is never asserted in
/// tests; this is where speed is measured.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<string> OutFile = new("--out") { Description = "Where to write the results (JSON)", DefaultValueFactory = _ => "bench-results.json" };
    private static readonly Option<string?> Video = new("--video") { Description = "A 1080p clip with faces (default: videos/facenet-pytorch_video.mp4 in $LFR_DATASETS_DIR)" };
    private static readonly Option<int> Iterations = new Option<int>("--iterations") { Description = "Timed repetitions per micro-benchmark", DefaultValueFactory = _ => 30 }.Within(1, 100_000);

    public static Command Create(CommandBinder bind)
    {
        var bench = new Command("bench", "Measure detector, embedder, search and end-to-end speed; write JSON") { OutFile, Video, Iterations };
        ModelOptions.AddTo(bench);
        bind.Bind(bench, async c =>
        {
            var datasets = DemoInputs.ResolveDatasets(null, "").Path;
            var video = c.Get(Video) ?? Path.Combine(datasets, "videos", "facenet-pytorch_video.mp4");
            using var models = ModelOptions.Open(c);
            var result = await new PipelineBenchmark(models, c.Clock).RunAsync(video, datasets, c.Get(Iterations), c.Output.Line, c.Cancellation).ConfigureAwait(false);
            var path = Path.GetFullPath(c.Get(OutFile)!);
            TextFiles.WriteAll(path, CliOutput.JsonText(result), "benchmark result");
            c.Output.Json(result);
            c.Output.Line($"written to {path}");
            return ExitCodes.Ok;
        });
        return bench;
    }
}
