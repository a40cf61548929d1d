using System.Diagnostics;
using System.Text.Json.Serialization;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Pipeline;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Watchlists;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Models;
using OpenCvSharp;

namespace LfrAudit.Application.Benchmarks;

/// <summary>The machine a benchmark ran on.</summary>
public sealed record BenchMachine(int Cores, string Os, string Runtime);

/// <summary>The whole pipeline over a clip: what it saw and how fast.</summary>
/// <summary>The whole pipeline over a clip: detections per frame, people (tracks) seen, searches made, speed.</summary>
public sealed record EndToEndFigures(string Video, int Width, int Height, long Frames, long Detections, long FacesSeen, long Searches, double FacesPerFrame,
    double Seconds, double FramesPerSecond);

/// <summary>Medians measured in one run on one machine (milliseconds unless named otherwise).</summary>
public sealed record BenchResult(
    DateTimeOffset Date,
    BenchMachine Machine,
    string Detector,
    string Embedder,
    int OnnxIntraOpThreads,
    int Iterations,
    [property: JsonPropertyName("detector_ms_per_frame_640x480")] double DetectorMsPerFrame640x480,
    [property: JsonPropertyName("detector_ms_per_frame_1920x1080")] double DetectorMsPerFrame1920x1080,
    [property: JsonPropertyName("embedder_ms_batch1")] double EmbedderMsBatch1,
    [property: JsonPropertyName("embedder_ms_batch8")] double EmbedderMsBatch8,
    [property: JsonPropertyName("embedder_faces_per_second_batch1")] double EmbedderFacesPerSecondBatch1,
    [property: JsonPropertyName("embedder_faces_per_second_batch8")] double EmbedderFacesPerSecondBatch8,
    IReadOnlyDictionary<string, double> SearchMsPerFace,
    EndToEndFigures EndToEnd,
    double PeakWorkingSetMb);

/// <summary>
/// The speed of this machine: detector at 640x480 and 1080p, embedder at batch 1 and 8, watchlist search at
/// 1k-100k entries, and the whole pipeline over a clip. Medians of timed repetitions after warm-up, never asserted
/// in tests; the caller writes them to a file.
/// </summary>
public sealed class PipelineBenchmark(RecognitionModels models, IClock clock)
{
    public async Task<BenchResult> RunAsync(string video, int iterations, Action<string> say, CancellationToken cancellation)
    {
        int n = Math.Max(3, iterations);
        using var frame1080 = FirstBusyFrame(video);
        using var frame480 = Resized(frame1080, 640, 480);
        say($"detector on {frame1080.Width}x{frame1080.Height} and 640x480 ({n} runs each)");
        double d480 = Median(n, () => models.Detector.Detect(frame480));
        double d1080 = Median(n, () => models.Detector.Detect(frame1080));

        var faces = models.Detector.Detect(frame1080).Where(QualityGate.Default.Admits).ToList();
        if (faces.Count == 0) throw new LfrInputException($"{video}: no searchable face in the benchmark frame");
        var eight = Enumerable.Range(0, 8).Select(i => faces[i % faces.Count]).ToList();
        say($"embedder at batch 1 and 8 ({faces.Count} distinct faces in the frame)");
        double b1 = Median(n, () => models.FaceEmbedder.Embed(frame1080, eight.Take(1).ToList()).Dispose());
        double b8 = Median(n, () => models.FaceEmbedder.Embed(frame1080, eight).Dispose());

        var search = new Dictionary<string, double>();
        foreach (int size in new[] { 1_000, 10_000, 100_000 })
        {
            say($"search of {size:N0} entries");
            var index = RandomIndex(size, models.FaceEmbedder.Dimension, seed: size);
            var probes = RandomVectors(200, models.FaceEmbedder.Dimension, seed: 7);
            int p = 0;
            search[$"{size}"] = Median(probes.Length, () => index.Best(probes[p++ % probes.Length]), warmup: 200);
        }

        say($"end to end on {Path.GetFileName(video)}");
        var endToEnd = await EndToEnd(video, cancellation).ConfigureAwait(false);
        double peak;
        using (var self = Process.GetCurrentProcess()) peak = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1);
        return new BenchResult(clock.UtcNow, new BenchMachine(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription, Environment.Version.ToString()),
            models.DetectorSpec.Id, models.FaceEmbedder.ModelId, 1, n, d480, d1080, b1, b8, Math.Round(1000 / b1, 1), Math.Round(8000 / b8, 1), search, endToEnd, peak);
    }

    private async Task<EndToEndFigures> EndToEnd(string video, CancellationToken cancellation)
    {
        using var source = new VideoFileSource(video);
        var entries = Enumerable.Range(0, 1000).Select(i => new WatchlistEntry(new WatchlistEntryId($"B-{i:D5}"), WatchlistCategory.WantedSeriousOffence,
            "bench", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var vectors = RandomVectors(1000, models.FaceEmbedder.Dimension, seed: 11);
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, "bench", vectors[i])).ToList();
        var watchlist = new EnrolledWatchlist("bench", models.FaceEmbedder.ModelId, models.FaceEmbedder.Dimension, clock.UtcNow, entries, templates);
        var pipeline = new RecognitionPipeline(models.Detector, models.FaceEmbedder, new JpegEvidenceEncoder(), new CountingJournal(), clock, models.Sharpness);
        var s = await pipeline.RunAsync(source, watchlist, new PipelineOptions
        {
            Run = RunId.New(clock.UtcNow), Camera = new CameraId("bench"), Threshold = new Threshold(0.99),
        }, null, cancellation).ConfigureAwait(false);
        return new EndToEndFigures(Path.GetFileName(video), source.Width, source.Height, s.FramesProcessed, s.Detections, s.FacesSeen, s.Searches,
            Math.Round(s.Detections / (double)Math.Max(1, s.FramesProcessed), 2), Math.Round(s.Elapsed.TotalSeconds, 3), Math.Round(s.FramesPerSecond, 2));
    }

    private MatFrame FirstBusyFrame(string video)
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
        public void RecordSightings(AlertSightingsUpdate sightings) { }
        public void EndRun(RunSummary summary) { }
    }
}
