using LfrAudit.Core.Problems;
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
    private static Option<string> OutFile => new("--out") { Description = "Where to write the results (JSON)", DefaultValueFactory = _ => "bench-results.json" };
    private static Option<string?> Video => new("--video") { Description = "A 1080p clip with faces (default: videos/facenet-pytorch_video.mp4 in $LFR_DATASETS_DIR)" };
    private static Option<int> Iterations => new Option<int>("--iterations") { Description = "Timed repetitions per micro-benchmark", DefaultValueFactory = _ => 30 }.Within(1, 100_000);

    private static Option<string[]> Live => new("--live")
    {
        Description = "Instead: search these live cameras at once (repeat for each; rtsp:// or http:// addresses; scripts/loopback-cameras.sh starts four on this machine) and measure frames a second, drops, cores and memory",
        AllowMultipleArgumentsPerToken = true,
    };
    private static Option<string?> WatchlistFrom => new("--watchlist-from")
    {
        Description = "With --live: the clip the cameras loop; its people make the watchlist (with random faces to 1,000 entries), searched at the model's threshold, and the bench reports whom each camera alerted for and how soon",
    };
    private static Option<int> Seconds => new Option<int>("--seconds") { Description = "With --live: how long to search the cameras", DefaultValueFactory = _ => 60 }.Within(15, 86_400);

    public static Command Create(CommandBinder bind)
    {
        var bench = new Command("bench", "Measure detector, embedder, search and end-to-end speed, or live cameras with --live; write JSON")
        {
            OutFile, Video, Iterations, Live, Seconds, WatchlistFrom, RecognitionOptions.DetectEvery, RecognitionOptions.DecodeSize,
        };
        ModelOptions.AddTo(bench);
        bind.Bind(bench, Uses.Models, async c =>
        {
            if (c.Get(Live) is { Length: > 0 } cameras)
            {
                // Several cameras share the cores: each camera's detector and embedder keep to one thread, as lfr serve runs them.
                var live = await new LiveCamerasBenchmark(() => ModelOptions.Open(c, threadsPerModel: cameras.Length > 1 ? 1 : null), source => VisionAdapters.OpenSource(source, c.Get(RecognitionOptions.DecodeSize)), c.Clock)
                    .RunAsync(cameras, TimeSpan.FromSeconds(c.Get(Seconds)), c.Get(RecognitionOptions.DetectEvery), c.Output.Line, c.Cancellation,
                        c.Get(WatchlistFrom)).ConfigureAwait(false);
                return Written(c, live with { DecodeLongSide = c.Get(RecognitionOptions.DecodeSize) });
            }
            // Refused rather than quietly ignored: the file benchmark has no cameras to alert.
            if (c.Get(WatchlistFrom) is not null) throw new LfrInputException("--watchlist-from is for live cameras: give --live ADDRESS too");
            var datasets = DemoInputs.ResolveDatasets(null, "").Path;
            var video = c.Get(Video) ?? Path.Combine(datasets, "videos", "facenet-pytorch_video.mp4");
            using var models = ModelOptions.Open(c);
            var result = await new PipelineBenchmark(models, c.Clock).RunAsync(video, datasets, c.Get(Iterations), c.Output.Line, c.Cancellation).ConfigureAwait(false);
            return Written(c, result);
        });
        return bench;
    }

    private static int Written<T>(CommandContext c, T result)
    {
        var path = Path.GetFullPath(c.Get(OutFile)!);
        TextFiles.WriteAll(path, CliOutput.JsonText(result), "benchmark result");
        c.Output.Json(result);
        c.Output.Line($"written to {path}");
        return ExitCodes.Ok;
    }
}
