using LfrAudit.Vision.Models;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Pipeline;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Watchlists;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr bench: medians measured in one run on this machine, written to JSON. Timing is never asserted in
/// tests; this is where speed is measured.
/// </summary>
public static class BenchCommand
{
    private static readonly Option<string> OutFile = new("--out") { Description = "Where to write the results (JSON)", DefaultValueFactory = _ => "bench-results.json" };
    private static readonly Option<string?> Video = new("--video") { Description = "A 1080p clip with faces (default: videos/facenet-pytorch_video.mp4 in $LFR_DATASETS_DIR)" };
    private static readonly Option<int> Iterations = new Option<int>("--iterations") { Description = "Timed repetitions per micro-benchmark", DefaultValueFactory = _ => 30 }.Within(1, 100_000);

    public static Command Create(CommandBinder bind)
    {
        var bench = new Command("bench", "Measure detector, embedder, search and end-to-end speed; write JSON") { OutFile, Video, Iterations };
        ModelOptions.AddTo(bench);
        bind.Bind(bench, Execute);
        return bench;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        int n = Math.Max(3, c.Get(Iterations));
        var video = c.Get(Video) ?? Path.Combine(DemoInputs.ResolveDatasets(null).Path, "videos", "facenet-pytorch_video.mp4");
        using var models = ModelOptions.Open(c);
        var results = new Dictionary<string, object>
        {
            ["date"] = c.Clock.UtcNow,
            ["machine"] = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            ["detector"] = models.DetectorSpec.Id,
            ["embedder"] = models.FaceEmbedder.ModelId,
            ["onnx_intra_op_threads"] = 1,
            ["iterations"] = n,
        };

        using var frame1080 = FirstBusyFrame(video, models);
        using var frame480 = Resized(frame1080, 640, 480);
        c.Output.Line($"detector on {frame1080.Width}x{frame1080.Height} and 640x480 ({n} runs each)");
        results["detector_ms_per_frame_640x480"] = Median(n, () => models.Detector.Detect(frame480));
        results["detector_ms_per_frame_1920x1080"] = Median(n, () => models.Detector.Detect(frame1080));

        var faces = models.Detector.Detect(frame1080).Where(QualityGate.Default.Admits).ToList();
        if (faces.Count == 0) throw new LfrInputException($"{video}: no searchable face in the benchmark frame");
        var eight = Enumerable.Range(0, 8).Select(i => faces[i % faces.Count]).ToList();
        c.Output.Line($"embedder at batch 1 and 8 ({faces.Count} distinct faces in the frame)");
        double b1 = Median(n, () => models.FaceEmbedder.Embed(frame1080, eight.Take(1).ToList()).Dispose());
        double b8 = Median(n, () => models.FaceEmbedder.Embed(frame1080, eight).Dispose());
        results["embedder_ms_batch1"] = b1;
        results["embedder_ms_batch8"] = b8;
        results["embedder_faces_per_second_batch1"] = Math.Round(1000 / b1, 1);
        results["embedder_faces_per_second_batch8"] = Math.Round(8000 / b8, 1);

        var search = new Dictionary<string, double>();
        foreach (int size in new[] { 1_000, 10_000, 100_000 })
        {
            c.Output.Line($"search of {size:N0} entries");
            var index = RandomIndex(size, models.FaceEmbedder.Dimension, seed: size);
            var probes = RandomVectors(200, models.FaceEmbedder.Dimension, seed: 7);
            int p = 0;
            search[$"{size}"] = Median(probes.Length, () => index.Best(probes[p++ % probes.Length]), warmup: 200);
        }
        results["search_ms_per_face"] = search;

        c.Output.Line($"end to end on {Path.GetFileName(video)}");
        results["end_to_end"] = await EndToEnd(c, models, video).ConfigureAwait(false);
        using (var self = Process.GetCurrentProcess()) results["peak_working_set_mb"] = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1);

        var path = Path.GetFullPath(c.Get(OutFile)!);
        Core.Inputs.TextFiles.WriteAll(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }), "benchmark result");
        c.Output.Line(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        c.Output.Line($"written to {path}");
        return ExitCodes.Ok;
    }

    private static async Task<object> EndToEnd(CommandContext c, RecognitionModels models, string video)
    {
        using var source = new VideoFileSource(video);
        var entries = Enumerable.Range(0, 1000).Select(i => new WatchlistEntry(new WatchlistEntryId($"B-{i:D5}"), WatchlistCategory.WantedSeriousOffence,
            "bench", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var vectors = RandomVectors(1000, models.FaceEmbedder.Dimension, seed: 11);
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, "bench", vectors[i])).ToList();
        var watchlist = new EnrolledWatchlist("bench", models.FaceEmbedder.ModelId, models.FaceEmbedder.Dimension, c.Clock.UtcNow, entries, templates);
        var journal = new CountingJournal();
        var pipeline = new RecognitionPipeline(models.Detector, models.FaceEmbedder, new JpegEvidenceEncoder(), journal, c.Clock);
        var summary = await pipeline.RunAsync(source, watchlist, new PipelineOptions
        {
            Run = RunId.New(c.Clock.UtcNow), Camera = new CameraId("bench"), Threshold = new Threshold(0.99),
        }, null, c.Cancellation).ConfigureAwait(false);
        return new
        {
            video = Path.GetFileName(video),
            width = source.Width, height = source.Height,
            frames = summary.FramesProcessed,
            faces_seen = summary.FacesSeen,
            faces_searched = summary.FacesSearched,
            faces_per_frame = Math.Round(summary.FacesSeen / (double)Math.Max(1, summary.FramesProcessed), 2),
            seconds = Math.Round(summary.Elapsed.TotalSeconds, 3),
            frames_per_second = Math.Round(summary.FramesPerSecond, 2),
        };
    }

    private static MatFrame FirstBusyFrame(string video, RecognitionModels models)
    {
        using var source = new VideoFileSource(video);
        MatFrame? best = null;
        int bestFaces = -1;
        foreach (var f in source.ReadFrames(CancellationToken.None).Take(60))
        {
            int count = models.Detector.Detect(f).Count(QualityGate.Default.Admits);
            if (count > bestFaces) { best?.Dispose(); best = (MatFrame)f; bestFaces = count; }
            else f.Dispose();
        }
        return best ?? throw new LfrInputException($"{video}: no frames");
    }

    private static MatFrame Resized(MatFrame frame, int w, int h)
    {
        var m = new Mat();
        Cv2.Resize(frame.Image, m, new Size(w, h), 0, 0, InterpolationFlags.Area);
        return new MatFrame(m, 0, TimeSpan.Zero);
    }

    // Warm-up runs let the JIT reach its optimised tier before anything is timed.
    private static double Median(int n, Action action, int warmup = 10)
    {
        for (int i = 0; i < warmup; i++) action();
        var ms = new double[n];
        for (int i = 0; i < n; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(ms);
        return Math.Round(n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, 4);
    }

    private static float[][] RandomVectors(int count, int dim, int seed)
    {
        var rng = new Random(seed);
        var all = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var v = new float[dim];
            for (int d = 0; d < dim; d++) v[d] = (float)(rng.NextDouble() * 2 - 1);
            EmbeddingBatch.Normalise(v);
            all[i] = v;
        }
        return all;
    }

    private static WatchlistIndex RandomIndex(int size, int dim, int seed)
    {
        var entries = Enumerable.Range(0, size).Select(i => new WatchlistEntry(new WatchlistEntryId($"B-{i:D6}"), WatchlistCategory.WantedSeriousOffence,
            "bench", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var vectors = RandomVectors(size, dim, seed);
        return new WatchlistIndex(dim, entries, entries.Select((e, i) => (e.Id, (ReadOnlyMemory<float>)vectors[i])));
    }

    /// <summary>A journal that keeps nothing but counts: the benchmark measures recognition, not disk.</summary>
    private sealed class CountingJournal : IRunJournal
    {
        private long _alerts;
        public void BeginRun(RunStart start) { }
        public AlertId RecordAlert(Alert alert) => new(Interlocked.Increment(ref _alerts));
        public void RecordFaceCounts(FaceCountMinute counts) { }
        public void EndRun(RunSummary summary) { }
    }
}
