using System.Diagnostics;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Evidence;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>One camera's share of a live benchmark (<see cref="CloserLooksGranted"/>: near misses searched on every frame they were detected in for a while).</summary>
public sealed record LiveCameraFigures(string Camera, long FramesRead, long FramesProcessed, long FramesDroppedBehindLive, long FramesDetected,
    long Detections, long FacesSeen, long Searches, long CloserLooksGranted, double FramesPerSecond, double DroppedPercent, string End);

/// <summary>
/// Several live cameras searched at once on this machine, as <c>lfr serve</c> runs them: frames a second together and per
/// camera, frames dropped behind live, how busy the cores were, memory over the run (resident size sampled every few
/// seconds) and what a frame allocates once warm, the bench's own sampling left out (null when the cameras ended before
/// the run was warm: recorded clips).
/// What it does not measure is said in <see cref="NotMeasured"/>.
/// </summary>
public sealed record LiveBenchResult(DateTimeOffset Date, BenchMachine Machine, string Detector, string Embedder, int Cameras, int DetectEvery,
    int ThreadsPerModel, double Seconds, double FramesPerSecondTogether, long FramesRead, long FramesDroppedBehindLive, double DroppedPercent,
    double CoresBusyPercent, double ProcessCpuPercent, double PeakRssMiB, IReadOnlyList<double> RssMiBEveryFiveSeconds, double? AllocatedBytesPerFrameWarm,
    IReadOnlyList<LiveCameraFigures> PerCamera, string NotMeasured)
{
    /// <summary>
    /// Frames searched a second together once warm (from 10 s in to the end): the steady rate, without the seconds the
    /// cameras take to be joined (a client waits for a key frame), which <see cref="FramesPerSecondTogether"/> includes.
    /// </summary>
    public double? FramesPerSecondTogetherWarm { get; init; }

    /// <summary>Bytes the bench's own sampling allocated once warm, left out of <see cref="AllocatedBytesPerFrameWarm"/> (the process-wide count holds them).</summary>
    public long? SamplingBytesWarm { get; init; }

    /// <summary>How busy the machine's cores were once warm (from 10 s in to the end), as <see cref="CoresBusyPercent"/> is over the whole run.</summary>
    public double? CoresBusyPercentWarm { get; init; }

    /// <summary>The long side network cameras' pictures were decoded to (null: their own size).</summary>
    public int? DecodeLongSide { get; init; }

    /// <summary>With a watchlist of the footage's own people: whom the cameras alerted for, and how soon (null: a random watchlist).</summary>
    public LiveAlertFigures? Alerts { get; init; }
}

/// <summary>
/// Alerts of a live benchmark whose watchlist holds the people of the looped clip (<see cref="FootageWatchlist"/>): how
/// many people the watchlist found in the clip, how many of them each camera alerted for (and which it never did), and
/// the time from a frame being read from its camera to the alert it raised being recorded, over the alerts recorded once
/// the run was warm (its first 10 s left out, as for the allocation): median, 95th percentile and most, in milliseconds,
/// each the nearest rank (null: no alert once warm).
/// </summary>
public sealed record LiveAlertFigures(string WatchlistFrom, int PeopleOnWatchlist, double Threshold, long AlertsRaised, int PeopleAlerted,
    IReadOnlyList<int> PeopleAlertedPerCamera, IReadOnlyList<IReadOnlyList<string>> PeopleMissedPerCamera, long AlertsTimedWarm,
    double? MedianMilliseconds, double? P95Milliseconds, double? MaxMilliseconds, string Measured);

/// <summary>
/// Runs one recognition pipeline per camera address (each with its own models on one thread per model, as
/// <c>lfr serve</c> does for several cameras) against a 1,000-entry watchlist, for a set time, then stops them all: random
/// faces that alert no one, or the looped clip's own people (<see cref="FootageWatchlist"/>) so that alerts are raised and
/// timed. Nothing is stored: alerts go to a journal that keeps only when each was raised (<see cref="AlertTimingJournal"/>).
/// </summary>
public sealed class LiveCamerasBenchmark(Func<RecognitionModels> openModels, Func<string, IFrameSource> openCamera, TimeProvider clock)
{
    // The allocation per frame is counted from this far into the run (pools filled, streams joined) to its end.
    private static readonly TimeSpan WarmAfter = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumWarmTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SamplingPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Searches every camera for <paramref name="duration"/> (cancelled early: stops then) and measures.</summary>
    /// <param name="watchlistClip">The clip the cameras loop: its people make the watchlist, searched at the model's own threshold
    /// (null: 1,000 random faces at 0.99, so that every search is made in full and nothing alerts).</param>
    public async Task<LiveBenchResult> RunAsync(IReadOnlyList<string> cameras, TimeSpan duration, int detectEvery, Action<string> say, CancellationToken cancellation,
        string? watchlistClip = null)
    {
        var models = new List<RecognitionModels>();
        var sources = new List<IFrameSource>();
        SharedEmbedder? shared = null;
        try
        {
            foreach (var _ in cameras) models.Add(openModels());
            // The watchlist before the cameras: a clip that cannot be read is said before any camera is joined, and no
            // camera's pictures pile up while it is made.
            var (watchlist, people) = watchlistClip is null
                ? (PipelineBenchmark.RandomWatchlist(models[0].FaceEmbedder, clock.GetUtcNow()), 0)
                : FootageWatchlist.FromClip(models[0], watchlistClip, clock.GetUtcNow(), cancellation);
            if (watchlistClip is not null) say($"watchlist: {people} people of {Path.GetFileName(watchlistClip)} among {watchlist.Entries.Count} entries");
            foreach (var address in cameras) sources.Add(openCamera(address));
            // As lfr serve does: where one call takes many faces (a GPU), every camera's faces are embedded together.
            if (cameras.Count > 1 && models[0].FaceEmbedder.PreferredBatch > 1) shared = new SharedEmbedder(models[0].FaceEmbedder);
            var threshold = watchlistClip is null ? new Threshold(0.99) : models[0].DefaultThreshold;
            var alerts = new AlertTimingJournal(clock);
            var processed = new long[cameras.Count];
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var cpuBefore = CpuTimes.Now();
            var started = Stopwatch.StartNew();
            var warmFrom = clock.GetUtcNow() + WarmAfter;
            var runs = cameras.Select((address, i) =>
            {
                var progress = new Progress(processed, i);
                var pipeline = new RecognitionPipeline(models[i].Detector, (IFaceEmbedder?)shared ?? models[i].FaceEmbedder, new JpegEvidenceEncoder(), alerts,
                    clock, models[i].Sharpness);
                var options = new PipelineOptions
                {
                    Run = RunId.New(clock.GetUtcNow()), Camera = new CameraId($"cam{i + 1}"), Threshold = threshold, DetectEvery = detectEvery,
                };
                return Task.Run(() => pipeline.RunAsync(sources[i], watchlist, options, progress, stop.Token));
            }).ToList();

            var rss = new List<double>();
            long warmBytes = 0, warmFrames = 0;
            var warmAt = TimeSpan.Zero;
            var cpuWarm = cpuBefore;
            bool warm = false;
            // What the bench's own sampling allocates once warm (the process read for its resident size, the progress line,
            // the next wait, every 5 s) is counted on its own thread and left out of the pipelines' figure: the process-wide
            // count holds it.
            long sampling = 0;
            var allEnded = Task.WhenAll(runs);
            var next = Task.WhenAny(Task.Delay(SamplingPeriod, CancellationToken.None), allEnded);
            while (started.Elapsed < duration && !cancellation.IsCancellationRequested && !allEnded.IsCompleted)
            {
                await next.ConfigureAwait(false);
                long at = GC.GetAllocatedBytesForCurrentThread();
                if (!warm && started.Elapsed >= WarmAfter)
                {
                    warm = true;
                    warmBytes = GC.GetTotalAllocatedBytes(precise: true);
                    warmFrames = Frames(processed);
                    warmAt = started.Elapsed;
                    cpuWarm = CpuTimes.Now(); // after the count's start: its reading of /proc is the bench's own
                }
                using (var self = Process.GetCurrentProcess()) rss.Add(Math.Round(self.WorkingSet64 / 1048576.0, 1));
                say($"{started.Elapsed.TotalSeconds:0} s: {Frames(processed)} frames searched, {rss[^1]:0} MiB");
                next = Task.WhenAny(Task.Delay(SamplingPeriod, CancellationToken.None), allEnded);
                if (warm) sampling += GC.GetAllocatedBytesForCurrentThread() - at;
            }
            long bytesAfter = GC.GetTotalAllocatedBytes(precise: true), framesAfter = Frames(processed);
            var warmFor = started.Elapsed - warmAt;
            // Figures once warm only over some seconds: cameras that end just after the mark would give a fraction of a
            // second, their ending included.
            warm &= warmFor >= MinimumWarmTime;
            var cpuEnd = CpuTimes.Now();
            stop.Cancel();
            var summaries = await Task.WhenAll(runs).ConfigureAwait(false);
            var seconds = started.Elapsed.TotalSeconds;
            var cpuAfter = CpuTimes.Now();
            double peak;
            // The kernel updates its high-water mark lazily, so a sample can stand above it: the peak is the higher of the two.
            using (var self = Process.GetCurrentProcess()) peak = Math.Max(Math.Round(self.PeakWorkingSet64 / 1048576.0, 1), rss.DefaultIfEmpty(0).Max());

            var perCamera = summaries.Select((s, i) => new LiveCameraFigures($"cam{i + 1}", s.FramesRead, s.FramesProcessed, s.FramesDroppedBehindLive,
                s.FramesDetected, s.Detections, s.FacesSeen, s.Searches, s.CloserLooksGranted, Math.Round(s.FramesProcessed / seconds, 2),
                Math.Round(100.0 * s.FramesDroppedBehindLive / Math.Max(1, s.FramesRead), 2), s.End.ToString())).ToList();
            long read = summaries.Sum(s => s.FramesRead), dropped = summaries.Sum(s => s.FramesDroppedBehindLive);
            return new LiveBenchResult(clock.GetUtcNow(), new BenchMachine(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                    Environment.Version.ToString()), models[0].DetectorSpec.Id, models[0].FaceEmbedder.ModelId, cameras.Count, detectEvery, models[0].ThreadsPerModel,
                Math.Round(seconds, 1), Math.Round(summaries.Sum(s => s.FramesProcessed) / seconds, 2), read, dropped, Math.Round(100.0 * dropped / Math.Max(1, read), 2),
                Math.Round(cpuAfter.MachineBusyPercentSince(cpuBefore), 1), Math.Round(cpuAfter.ProcessPercentSince(cpuBefore), 1), peak, rss,
                warm && framesAfter > warmFrames ? Math.Round((bytesAfter - warmBytes - sampling) / (double)(framesAfter - warmFrames), 0) : null, perCamera,
                watchlistClip is null
                    ? "alert latency, and whether the footage's watchlisted people are alerted (a random watchlist alerts no one: give the clip's people as the watchlist)"
                    : "the time from an alert's record to the operators' console (measured from frame to page apart: FrameToConsoleTests), and the camera's own delay before a frame is read")
            {
                FramesPerSecondTogetherWarm = warm ? Math.Round((framesAfter - warmFrames) / warmFor.TotalSeconds, 2) : null,
                SamplingBytesWarm = warm ? sampling : null,
                CoresBusyPercentWarm = warm ? Math.Round(cpuEnd.MachineBusyPercentSince(cpuWarm), 1) : null,
                Alerts = watchlistClip is null ? null : AlertFigures(Path.GetFileName(watchlistClip), people, threshold, alerts.Alerts, cameras.Count, warmFrom),
            };
        }
        finally
        {
            shared?.Dispose();
            foreach (var s in sources) s.Dispose();
            foreach (var m in models) m.Dispose();
        }
    }

    private static LiveAlertFigures AlertFigures(string clip, int people, Threshold threshold, IReadOnlyList<TimedAlert> alerts, int cameras, DateTimeOffset warmFrom)
    {
        var ofTheClip = Enumerable.Range(1, people).Select(FootageWatchlist.EntryOf).ToList();
        bool OfTheClip(TimedAlert a) => ofTheClip.Contains(a.Entry);
        var alertedBy = Enumerable.Range(1, cameras).Select(c => alerts.Where(a => a.Camera == $"cam{c}" && OfTheClip(a)).Select(a => a.Entry).ToHashSet()).ToList();
        var waits = alerts.Where(a => a.RecordedAt >= warmFrom).Select(a => a.MillisecondsAfterFrame).Order().ToList();
        // The nearest rank: the smallest wait that at least that share of the alerts did not exceed.
        double? At(double q) => waits.Count == 0 ? null : Math.Round(waits[Math.Clamp((int)Math.Ceiling(q * waits.Count) - 1, 0, waits.Count - 1)], 1);
        return new LiveAlertFigures(clip, people, threshold.Value, alerts.Count, alerts.Where(OfTheClip).Select(a => a.Entry).Distinct().Count(),
            alertedBy.Select(a => a.Count).ToList(),
            alertedBy.Select(a => (IReadOnlyList<string>)[.. ofTheClip.Where(p => !a.Contains(p))]).ToList(),
            waits.Count, At(0.5), At(0.95), At(1),
            "from a frame read from its camera to the alert it raised being recorded, under the cameras' load, once warm");
    }

    // Frames searched so far by all cameras (each count written by its camera's matching thread).
    private static long Frames(long[] processed)
    {
        long sum = 0;
        for (int i = 0; i < processed.Length; i++) sum += Volatile.Read(ref processed[i]);
        return sum;
    }

    private sealed class Progress(long[] processed, int camera) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => Volatile.Write(ref processed[camera], value.FramesProcessed);
    }
}
