using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Tracking;
using LfrAudit.Core.Watchlists;

namespace LfrAudit.Core.Pipeline;

/// <summary>
/// The live recognition pipeline: read → detect and track → align/embed → match → alert or discard, each stage
/// on its own thread, joined by small bounded queues (<see cref="StageQueue{T}"/>). A recorded source waits when a later stage is slow
/// (back-pressure); a live source drops its oldest waiting frame instead, and the drops are counted.
///
/// Faces are tracked across frames, so a face seen is a person, not a detection: each track is searched on
/// its first searchable frame and then only on clearly better ones, raises at most one alert per candidate,
/// and is counted when it ends.
///
/// Privacy: a face below the threshold never leaves this class. Its embedding row is wiped when the
/// frame's batch is disposed, no crop is ever made for it, and the frame's pixels are wiped on dispose. A
/// track's best embedding is held while the person is in view (to know them again after a moment hidden)
/// and wiped when the track ends. Only counts survive, per camera per minute.
/// </summary>
public sealed class RecognitionPipeline(IFaceDetector detector, IFaceEmbedder embedder, IEvidenceEncoder evidence, IRunJournal journal, IClock clock,
    IFaceSharpness? sharpness = null)
{
    private sealed record Detected(IFrame Frame, int Detections, TrackedSelection Faces);
    private sealed record Embedded(Detected Faces, EmbeddingBatch? Batch);

    private bool _windowClosed;
    private DateTimeOffset? _lastCapturedAt;
    private long _framesRead, _skipped, _dropped, _processed, _detections, _seen, _searched, _searches, _alerts, _repeats, _nonMatches;

    public async Task<RunSummary> RunAsync(IFrameSource source, EnrolledWatchlist watchlist, PipelineOptions options,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (watchlist.ModelId != embedder.ModelId)
            throw new LfrInputException($"watchlist '{watchlist.Name}' was enrolled with model {watchlist.ModelId}, but this run uses {embedder.ModelId}: enrol it again with this model");
        var index = new WatchlistIndex(watchlist);
        var startedAt = clock.UtcNow;
        var tracking = source.FramesFollowOneAnother ? options.Tracking : options.Tracking with { Enabled = false };
        journal.BeginRun(new RunStart(options.Run, options.Camera, source.Description, watchlist.Name, watchlist.ContentHash,
            watchlist.Entries.Count, options.Threshold, options.Gate, options.Sampling.ToString()!, embedder.ModelId, startedAt, options.Deployment));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = cts.Token;
        Exception? failure = null;
        void Fail(Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); cts.Cancel(); }

        var frames = new StageQueue<IFrame>(options.StageCapacity, dropOldest: source.IsLive, f => { Interlocked.Increment(ref _dropped); f.Dispose(); });
        var detected = new StageQueue<Detected>(options.StageCapacity, dropOldest: false, null);
        var embedded = new StageQueue<Embedded>(options.StageCapacity, dropOldest: false, null);
        var ledger = new FaceCountLedger(options.Run, options.Camera, journal.RecordFaceCounts, options.CountCommitInterval);
        var matcher = new TrackMatcher(index, options.Threshold, options.RepeatAlertWindow, tracking);

        var stages = new[]
        {
            Stage(() => Read(source, options.Sampling, options.StopAt, frames, token), frames, Fail),
            Stage(() => Detect(frames, detected, options.Gate, tracking, token), detected, Fail),
            Stage(() => EmbedFaces(detected, embedded, token), embedded, Fail),
            Stage<object>(() => Match(embedded, matcher, index, options, startedAt, ledger, progress, token), null, Fail),
        };
        await Task.WhenAll(stages).ConfigureAwait(false);

        // Anything still queued after a stop is wiped, never left for the garbage collector.
        while (frames.TryTake(out var f)) f.Dispose();
        while (detected.TryTake(out var d)) d.Frame.Dispose();
        while (embedded.TryTake(out var e)) { e.Batch?.Dispose(); e.Faces.Frame.Dispose(); }
        // Everyone still in view has gone when the run stops: counted, their sightings attached, their embeddings wiped.
        Gone(matcher.EndAll(), startedAt, _lastCapturedAt ?? startedAt, ledger);
        ledger.Flush();

        var end = failure is not null ? RunEnd.Failed : cancellation.IsCancellationRequested ? RunEnd.Cancelled
            : _windowClosed ? RunEnd.PlannedEndReached : RunEnd.Completed;
        var summary = new RunSummary(options.Run, end, startedAt, clock.UtcNow, _framesRead, _skipped, _dropped, _processed, _detections,
            _seen, _searched, _seen - _searched, _searches, _alerts, _repeats, _nonMatches, source.Warnings.ToList());
        journal.EndRun(summary);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return summary;
    }

    // Stages block on native calls, so each gets its own thread rather than a thread-pool slot.
    private static Task Stage<T>(Action body, StageQueue<T>? output, Action<Exception> fail) =>
        Task.Factory.StartNew(() =>
        {
            try { body(); }
            catch (OperationCanceledException) { }
            catch (Exception ex) { fail(ex); }
            finally { output?.Complete(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IEnumerable<T> ReadAll<T>(StageQueue<T> input, CancellationToken token)
    {
        while (input.Take(out var item, token)) yield return item;
    }

    private static void Write<T>(StageQueue<T> output, T item, CancellationToken token) => output.Add(item, token);

    private void Read(IFrameSource source, FrameSampling sampling, DateTimeOffset? stopAt, StageQueue<IFrame> output, CancellationToken token)
    {
        var keep = sampling.NewDecider();
        foreach (var frame in source.ReadFrames(token))
        {
            if (stopAt is { } end && clock.UtcNow >= end) { frame.Dispose(); _windowClosed = true; return; }
            Interlocked.Increment(ref _framesRead);
            if (token.IsCancellationRequested) { frame.Dispose(); return; }
            if (!keep(frame.Index, frame.Offset))
            {
                Interlocked.Increment(ref _skipped);
                frame.Dispose();
                continue;
            }
            try { Write(output, frame, token); }
            catch { frame.Dispose(); throw; }
        }
    }

    // Detection and tracking share a stage: the tracker must see frames in order, and costs next to nothing.
    private void Detect(StageQueue<IFrame> input, StageQueue<Detected> output, QualityGate gate, TrackingOptions tracking, CancellationToken token)
    {
        var selection = new TrackedSearch(tracking, gate, sharpness);
        foreach (var frame in ReadAll(input, token))
        {
            try
            {
                var faces = detector.Detect(frame);
                Write(output, new Detected(frame, faces.Count, selection.Select(frame, faces)), token);
            }
            catch { frame.Dispose(); throw; }
        }
    }

    private void EmbedFaces(StageQueue<Detected> input, StageQueue<Embedded> output, CancellationToken token)
    {
        int preferred = embedder.PreferredBatch;
        var group = new List<Detected>();
        foreach (var first in ReadAll(input, token))
        {
            group.Clear();
            group.Add(first);
            // Where one call takes many faces (a GPU), frames already waiting join this frame's call; none is waited for.
            int faces = first.Faces.Search.Count;
            while (preferred > 1 && faces < preferred && input.TryTake(out var next))
            {
                group.Add(next);
                faces += next.Faces.Search.Count;
            }
            var batches = new EmbeddingBatch?[group.Count];
            try
            {
                if (group.Count == 1) batches[0] = Embed(first);
                else EmbedTogether(group, faces, batches);
            }
            catch
            {
                foreach (var b in batches) b?.Dispose();
                foreach (var d in group) d.Frame.Dispose();
                throw;
            }
            for (int i = 0; i < group.Count; i++)
            {
                try { Write(output, new Embedded(group[i], batches[i]), token); }
                catch
                {
                    for (int j = i; j < group.Count; j++) { batches[j]?.Dispose(); group[j].Frame.Dispose(); }
                    throw;
                }
            }
        }
    }

    private EmbeddingBatch? Embed(Detected d) =>
        d.Faces.Search.Count == 0 ? null : embedder.Embed(d.Frame, d.Faces.Search.Select(s => s.Face).ToList());

    // One call for the faces of several frames, then each frame's rows as a batch of its own.
    private void EmbedTogether(List<Detected> group, int faces, EmbeddingBatch?[] batches)
    {
        var all = new List<FaceInFrame>(faces);
        foreach (var d in group)
            foreach (var s in d.Faces.Search) all.Add(new FaceInFrame(d.Frame, s.Face));
        if (all.Count == 0) return;
        using var together = embedder.Embed(all);
        for (int i = 0, at = 0; i < group.Count; i++)
        {
            int n = group[i].Faces.Search.Count;
            if (n > 0) batches[i] = together.Slice(at, n);
            at += n;
        }
    }

    private void Match(StageQueue<Embedded> input, TrackMatcher matcher, WatchlistIndex index, PipelineOptions options, DateTimeOffset startedAt,
        FaceCountLedger ledger, IProgress<PipelineProgress>? progress, CancellationToken token)
    {
        var bestOf = new Candidate?[16]; // the best candidate of each face of the frame, reused from frame to frame
        foreach (var e in ReadAll(input, token))
        {
            var d = e.Faces;
            var selected = d.Faces;
            using var frame = d.Frame;
            using var batch = e.Batch;
            var capturedAt = startedAt + frame.Offset;
            _lastCapturedAt = capturedAt;
            foreach (var track in selected.Seen) matcher.Seen(track, frame.Offset);
            int alerts = 0;
            // The frame's faces are searched together: a large watchlist is read once for all of them.
            int searching = selected.Search.Count;
            if (searching > bestOf.Length) bestOf = new Candidate?[searching];
            if (searching > 0) index.Best(batch!.Rows(searching), bestOf);
            for (int i = 0; i < searching; i++)
            {
                var (face, track, quality) = selected.Search[i];
                var row = batch!.Row(i);
                switch (matcher.Search(track, row, quality, frame.Offset, bestOf[i]))
                {
                    case TrackDecision.NewAlert raise:
                        var entry = index.Entry(raise.Candidate.EntryIndex);
                        var id = journal.RecordAlert(new Alert(options.Run, options.Camera, frame.Index, capturedAt, entry.Id, entry.Category,
                            raise.Candidate.Score, options.Threshold, face.Box, evidence.EncodeProbeCrop(frame, face.Box), row.ToArray(), track.ToString()));
                        matcher.Raised(raise, id, frame.Offset);
                        alerts++;
                        break;
                    case TrackDecision.Sighting:
                        Interlocked.Increment(ref _repeats);
                        break;
                    // A non-match: nothing kept (the row is wiped with the batch).
                }
            }
            Interlocked.Add(ref _detections, d.Detections);
            Interlocked.Add(ref _searches, selected.Search.Count);
            Interlocked.Add(ref _alerts, alerts);
            ledger.Add(capturedAt, d.Detections, 0, 0, alerts);
            Gone(matcher.End(selected.Ended), startedAt, capturedAt, ledger);
            long processed = Interlocked.Increment(ref _processed);
            progress?.Report(new PipelineProgress(Interlocked.Read(ref _framesRead), processed, Interlocked.Read(ref _seen), Interlocked.Read(ref _alerts)));
        }
    }

    // People who left view: counted in the minute they are known to have gone, their alerts' sightings attached.
    private void Gone(IReadOnlyList<PersonGone> gone, DateTimeOffset startedAt, DateTimeOffset at, FaceCountLedger ledger)
    {
        if (gone.Count == 0) return;
        int searched = gone.Count(p => p.Searched);
        Interlocked.Add(ref _seen, gone.Count);
        Interlocked.Add(ref _searched, searched);
        Interlocked.Add(ref _nonMatches, gone.Count(p => p.Searched && p.Alerts.Count == 0));
        ledger.Add(at, 0, gone.Count, searched, 0);
        foreach (var a in gone.SelectMany(p => p.Alerts).Where(a => a.Sightings > 1))
            journal.RecordSightings(new AlertSightingsUpdate(a.Alert, a.Sightings, startedAt + a.LastSeen, a.BestScore));
    }
}
