using System.Diagnostics;
using System.Text.Json.Serialization;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>The machine a benchmark ran on.</summary>
public sealed record BenchMachine(int Cores, string Os, string Runtime);

/// <summary>
/// The whole pipeline over a clip: detections per frame, people (tracks) seen, searches made, speed, and how busy
/// the cores were (the machine's, which counts the ffmpeg decoder, and this process's own share).
/// </summary>
public sealed record EndToEndFigures(string Video, int Width, int Height, long Frames, long Detections, long FacesSeen, long Searches, double FacesPerFrame,
    double Seconds, double FramesPerSecond, double CoresBusyPercent, double ProcessCpuPercent, string Decoder);

/// <summary>
/// How the large-watchlist search was measured and how close it is to the exact scan: probes searched a frame's
/// worth at a time, recall of the exact top-1 for probes with a mate on the list and for strangers, memory.
/// </summary>
public sealed record SearchQuality(int ProbesPerBatch, int Entries, double RecallAt1Mates, double RecallAt1Strangers, int Mates, int Strangers,
    double MegabytesPerMillion, double Int8MegabytesPerMillion);

/// <summary>Medians measured in one run on one machine (milliseconds unless named otherwise).</summary>
public sealed record BenchResult(
    DateTimeOffset Date,
    BenchMachine Machine,
    string Detector,
    string Embedder,
    int OnnxIntraOpThreads,
    int EndToEndEmbedderThreads,
    int EndToEndDetectorThreads,
    int Iterations,
    [property: JsonPropertyName("detector_ms_per_frame_640x480")] double DetectorMsPerFrame640x480,
    [property: JsonPropertyName("detector_ms_per_frame_1920x1080")] double DetectorMsPerFrame1920x1080,
    [property: JsonPropertyName("embedder_ms_batch1")] double EmbedderMsBatch1,
    [property: JsonPropertyName("embedder_ms_batch8")] double EmbedderMsBatch8,
    [property: JsonPropertyName("embedder_faces_per_second_batch1")] double EmbedderFacesPerSecondBatch1,
    [property: JsonPropertyName("embedder_faces_per_second_batch8")] double EmbedderFacesPerSecondBatch8,
    IReadOnlyDictionary<string, double> SearchMsPerFace,
    [property: JsonPropertyName("search_exact_ms_per_face")] IReadOnlyDictionary<string, double> SearchExactMsPerFace,
    SearchQuality Search,
    EndToEndFigures EndToEnd,
    EndToEndFigures EndToEndUntracked,
    SteadyStateFigures SteadyState,
    DistantFaceFigures? DistantFaces,
    [property: JsonPropertyName("opencv_dnn")] OpenCvDnnFigures OpenCvDnn,
    Ratios Ratios,
    double PeakWorkingSetMb);

/// <summary>
/// The tracked pipeline once warm, over the clip played many times: managed bytes the whole process allocated a
/// frame from the end of the clip's tenth play (the pools filled) to the start of its last (before the decoder's
/// exit), over <see cref="MeasuredFrames"/> frames; garbage collections by generation over the whole run; and the
/// process's peak resident memory while the pipeline ran (the 1,000,000-entry search benchmark runs after it, so it
/// is not in this figure).
/// </summary>
public sealed record SteadyStateFigures(long Frames, double FramesPerSecond, double AllocatedBytesPerFrame, int Gen0Collections, int Gen1Collections,
    int Gen2Collections, double PeakWorkingSetMb, bool PeakResetBeforeRun)
{
    /// <summary>Frames between the two allocation readings (the tenth play's end to the last play's start).</summary>
    public long MeasuredFrames { get; init; }
    /// <summary>Managed bytes the whole process allocated over <see cref="MeasuredFrames"/> frames.</summary>
    public long AllocatedBytes { get; init; }
}

/// <summary>OpenCV's own runtime (FaceDetectorYN, CvDnn) on the same model files, frames and faces, one thread.</summary>
public sealed record OpenCvDnnFigures(
    [property: JsonPropertyName("detector_ms_per_frame_1920x1080")] double DetectorMsPerFrame1920x1080,
    [property: JsonPropertyName("embedder_ms_batch1")] double EmbedderMsBatch1);

/// <summary>How many times as fast as OpenCV's runtime we are (its time over ours; above 1 is faster).</summary>
public sealed record Ratios(
    [property: JsonPropertyName("detector_vs_opencv_dnn")] double DetectorVsOpenCvDnn,
    [property: JsonPropertyName("embedder_vs_opencv_dnn")] double EmbedderVsOpenCvDnn);

/// <summary>
/// The speed of this machine: detector at 640x480 and 1080p, embedder at batch 1 and 8, watchlist search at
/// 1k-100k entries, and the whole pipeline over a clip. Medians of timed repetitions after warm-up, never asserted
/// in tests; the caller writes them to a file.
/// </summary>
public sealed class PipelineBenchmark(RecognitionModels models, TimeProvider clock)
{
    /// <param name="datasets">The shared datasets folder (LFW photos and the scene and classroom clips for the distant-face
    /// figures; without LFW those are left out).</param>
    public async Task<BenchResult> RunAsync(string video, string datasets, int iterations, Action<string> say, CancellationToken cancellation)
    {
        int n = Math.Max(3, iterations);
        using var frame1080 = FirstBusyFrame(video);
        using var frame480 = FrameScaler.Resized(frame1080, 640, 480);
        say($"detector on {frame1080.Width}x{frame1080.Height} and 640x480 ({n} runs each, one thread)");
        // One thread, as OpenCV gets and as each figure here is stated; the pipeline's models may use more (end to end).
        double d480, d1080;
        List<DetectedFace> faces;
        using (var oneThread = new Vision.Detection.YuNetDetector(models.DetectorSpec, models.DetectorPath, new Vision.Catalogue.InferenceSettings(models.Device, 1)))
        {
            d480 = Median(n, () => oneThread.Detect(frame480));
            d1080 = Median(n, () => oneThread.Detect(frame1080));
            faces = oneThread.Detect(frame1080).Where(QualityGate.Default.Admits).ToList();
        }
        if (faces.Count == 0) throw new LfrInputException($"{video}: no searchable face in the benchmark frame");
        var eight = Enumerable.Range(0, 8).Select(i => faces[i % faces.Count]).ToList();
        say($"embedder at batch 1 and 8 ({faces.Count} distinct faces in the frame)");
        int f = 0;
        double b1, b8;
        using (var oneThread = new Vision.Embedding.OnnxFaceEmbedder(models.EmbedderSpec, models.EmbedderPath, new Vision.Catalogue.InferenceSettings(models.Device, 1)))
        {
            b1 = Median(n, () => oneThread.Embed(frame1080, [faces[f++ % faces.Count]]).Dispose());
            b8 = Median(n, () => oneThread.Embed(frame1080, eight).Dispose());
        }

        // OpenCV's runtime on the same files, frame and faces, timed the same way (interleaved would share caches no better).
        say("OpenCV DNN on the same model files, frame and faces (one thread)");
        OpenCvDnnFigures opencv;
        using (var baseline = new Vision.Baselines.OpenCvDnnBaselines(models.DetectorPath, models.EmbedderPath, models.EmbedderSpec))
        {
            int g = 0;
            opencv = new OpenCvDnnFigures(Median(n, () => baseline.Detect(frame1080)), Median(n, () => baseline.Embed(frame1080, faces[g++ % faces.Count])));
        }
        var ratios = new Ratios(Math.Round(opencv.DetectorMsPerFrame1920x1080 / d1080, 2), Math.Round(opencv.EmbedderMsBatch1 / b1, 2));

        say($"end to end on {Path.GetFileName(video)}");
        var endToEnd = await EndToEnd(video, tracked: true, cancellation).ConfigureAwait(false);
        say($"end to end on {Path.GetFileName(video)}, tracking off (every face searched on every frame)");
        var untracked = await EndToEnd(video, tracked: false, cancellation).ConfigureAwait(false);
        say($"steady state: {Path.GetFileName(video)} played {SteadyStatePasses} times over, tracked");
        var steady = await SteadyState(video, cancellation).ConfigureAwait(false);

        DistantFaceFigures? distant = null;
        var lfw = Path.Combine(datasets, "lfw", "images");
        if (Directory.Exists(lfw))
        {
            var work = Directory.CreateTempSubdirectory("lfr-bench-").FullName;
            try
            {
                distant = DistantFaces.Measure(models.DetectorSpec, models.DetectorPath, DistantFaces.PhotosFrom(lfw, 80),
                    Path.Combine(datasets, "videos", "intel-sample-videos_one-by-one-person-detection.mp4"),
                    Path.Combine(datasets, "videos", "intel-sample-videos_preview_classroom.mp4"), frames: 40, work, say);
            }
            finally { Directory.Delete(work, recursive: true); }
        }

        // Search: a frame's worth of faces at a time (6.2 a frame on the street clip), per face; the exact scan beside it.
        const int perFrame = 6;
        var search = new Dictionary<string, double>();
        var exactSearch = new Dictionary<string, double>();
        SearchQuality? quality = null;
        foreach (int size in new[] { 1_000, 10_000, 100_000, 1_000_000 })
        {
            say($"search of {size:N0} entries");
            var index = RandomIndex(size, models.FaceEmbedder.Dimension, seed: size);
            var probes = RandomVectors(240, models.FaceEmbedder.Dimension, seed: 7);
            var flat = probes.SelectMany(v => v).ToArray();
            var results = new Candidate?[perFrame];
            int dim = models.FaceEmbedder.Dimension, batches = probes.Length / perFrame, b = 0;
            search[$"{size}"] = Math.Round(Median(Math.Min(batches, size >= 1_000_000 ? 40 : batches),
                () => index.Best(flat.AsSpan((b++ % batches) * perFrame * dim, perFrame * dim), results), warmup: size >= 1_000_000 ? 3 : 20) / perFrame, 4);
            int p = 0;
            exactSearch[$"{size}"] = Median(size >= 1_000_000 ? 20 : probes.Length, () => index.BestExact(probes[p++ % probes.Length]), warmup: size >= 1_000_000 ? 2 : 50);
            if (size == 1_000_000) quality = Recall(index, size, perFrame);
        }

        double peak;
        using (var self = Process.GetCurrentProcess()) peak = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1);
        return new BenchResult(clock.GetUtcNow(), new BenchMachine(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription, Environment.Version.ToString()),
            models.DetectorSpec.Id, models.FaceEmbedder.ModelId, 1, models.ThreadsPerModel, models.ThreadsPerModel, n, d480, d1080, b1, b8, Math.Round(1000 / b1, 1), Math.Round(8000 / b8, 1), search, exactSearch, quality!, endToEnd, untracked, steady, distant, opencv, ratios, peak);
    }

    // Played 30 times (3,150 frames of the street clip); the allocation is counted from the end of the 10th play, once
    // the pools have met the clip's busiest moments whichever pooled object carries them, to the start of the last.
    private const int SteadyStatePasses = 30, WarmPasses = 10;

    private async Task<SteadyStateFigures> SteadyState(string video, CancellationToken cancellation)
    {
        bool reset = ResetPeakMemory();
        GC.Collect();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var folder = Directory.CreateTempSubdirectory("lfr-steady-").FullName;
        RunSummary s;
        AllocationWindow window;
        try
        {
            long clipFrames;
            using (var clip = new VideoFileSource(video)) clipFrames = clip.LengthInFrames ?? 0;
            using var source = ReplayedClip.Open(video, SteadyStatePasses, folder);
            long total = source.LengthInFrames ?? clipFrames;
            // Without ffmpeg to join the plays, the middle half of the one play.
            window = total > (WarmPasses + 1) * clipFrames ? new AllocationWindow(WarmPasses * clipFrames, total - clipFrames) : new AllocationWindow(total / 4, total * 3 / 4);
            s = await Run(source, tracked: true, cancellation, window).ConfigureAwait(false);
        }
        finally { Directory.Delete(folder, recursive: true); }
        double peak;
        using (var self = Process.GetCurrentProcess()) peak = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1);
        return new SteadyStateFigures(s.FramesProcessed, Math.Round(s.FramesPerSecond, 2), Math.Round(window.BytesPerFrame, 1), GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, peak, reset)
        {
            MeasuredFrames = window.Frames,
            AllocatedBytes = window.Bytes,
        };
    }

    /// <summary>The process's allocated bytes between two frames, read from the pipeline's progress as each frame is matched.</summary>
    private sealed class AllocationWindow(long from, long to) : IProgress<PipelineProgress>
    {
        private long _start = -1;
        public long Bytes { get; private set; }
        public long Frames { get; private set; }
        public double BytesPerFrame => Frames > 0 ? Bytes / (double)Frames : 0; // none measured: MeasuredFrames says 0

        public void Report(PipelineProgress value)
        {
            if (value.FramesProcessed == from) _start = GC.GetTotalAllocatedBytes(precise: true);
            else if (value.FramesProcessed == to && _start >= 0)
            {
                Bytes = GC.GetTotalAllocatedBytes(precise: true) - _start;
                Frames = to - from;
            }
        }
    }

    // Linux resets a process's peak resident size when "5" is written to its clear_refs; elsewhere the peak stays.
    private static bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private Task<RunSummary> Run(IFrameSource source, bool tracked, CancellationToken cancellation, IProgress<PipelineProgress>? progress = null)
    {
        var watchlist = RandomWatchlist(models.FaceEmbedder, clock.GetUtcNow());
        var pipeline = new RecognitionPipeline(models.Detector, models.FaceEmbedder, new JpegEvidenceEncoder(), new CountingJournal(), clock, models.Sharpness);
        return pipeline.RunAsync(source, watchlist, new PipelineOptions
        {
            Run = RunId.New(clock.GetUtcNow()), Camera = new CameraId("bench"), Threshold = new Threshold(0.99),
            Tracking = TrackingOptions.Default with { Enabled = tracked },
        }, progress, cancellation);
    }

    /// <summary>A 1,000-entry watchlist of random faces: every search is made in full and nothing alerts.</summary>
    internal static EnrolledWatchlist RandomWatchlist(IFaceEmbedder embedder, DateTimeOffset at)
    {
        var entries = Enumerable.Range(0, 1000).Select(i => new WatchlistEntry(new WatchlistEntryId($"B-{i:D5}"), WatchlistCategory.WantedSeriousOffence,
            "bench", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var vectors = RandomVectors(1000, embedder.Dimension, seed: 11);
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, "bench", vectors[i])).ToList();
        return new EnrolledWatchlist("bench", embedder.ModelId, embedder.Dimension, at, entries, templates);
    }

    private async Task<EndToEndFigures> EndToEnd(string video, bool tracked, CancellationToken cancellation)
    {
        using var source = new VideoFileSource(video);
        var cpuBefore = CpuTimes.Now();
        var s = await Run(source, tracked, cancellation).ConfigureAwait(false);
        var cpuAfter = CpuTimes.Now();
        return new EndToEndFigures(Path.GetFileName(video), source.Width, source.Height, s.FramesProcessed, s.Detections, s.FacesSeen, s.Searches,
            Math.Round(s.Detections / (double)Math.Max(1, s.FramesProcessed), 2), Math.Round(s.Elapsed.TotalSeconds, 3), Math.Round(s.FramesPerSecond, 2),
            Math.Round(cpuAfter.MachineBusyPercentSince(cpuBefore), 1), Math.Round(cpuAfter.ProcessPercentSince(cpuBefore), 1),
            source.Decoder.ToString().ToLowerInvariant());
    }

    // Mates: a listed template seen again with noise (cosine about 0.8 to it), as a watchlisted face would be; strangers: random.
    private static SearchQuality Recall(WatchlistIndex index, int size, int perFrame)
    {
        var rng = new Random(3);
        int dim = index.Dimension;
        var templates = RandomVectors(size, dim, seed: size); // the same rows the index was built from
        double Agree(Func<int, float[]> probeOf, int count)
        {
            int agree = 0;
            var flat = new float[perFrame * dim];
            var results = new Candidate?[perFrame];
            for (int first = 0; first < count; first += perFrame)
            {
                var batch = Enumerable.Range(first, perFrame).Select(probeOf).ToList();
                for (int j = 0; j < perFrame; j++) batch[j].CopyTo(flat, j * dim);
                index.Best(flat, results);
                for (int j = 0; j < perFrame; j++) if (results[j]?.EntryIndex == index.BestExact(batch[j])?.EntryIndex) agree++;
            }
            return Math.Round(agree / (double)(count / perFrame * perFrame), 4);
        }
        const int n = 120;
        var mates = Enumerable.Range(0, n).Select(_ =>
        {
            var v = templates[rng.Next(size)].Select(x => x + (float)(rng.NextDouble() - 0.5) * 0.08f).ToArray();
            EmbeddingBatch.Normalise(v);
            return v;
        }).ToList();
        var strangers = RandomVectors(n, dim, seed: 99);
        double perMillion = index.Bytes / 1048576.0 * 1_000_000 / size;
        double int8 = (index.Bytes - (long)size * dim * sizeof(float)) / 1048576.0 * 1_000_000 / size;
        return new SearchQuality(perFrame, size, Agree(i => mates[i], n), Agree(i => strangers[i], n), n, n, Math.Round(perMillion, 1), Math.Round(int8, 1));
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
    internal sealed class CountingJournal : IRunJournal
    {
        private long _alerts;
        public void BeginRun(RunStart start) { }
        public AlertId RecordAlert(Alert alert) => new(Interlocked.Increment(ref _alerts));
        public void RecordFaceCounts(FaceCountMinute counts) { }
        public void RecordSightings(AlertSightingsUpdate sightings) { }
        public void EndRun(RunSummary summary) { }
    }
}
