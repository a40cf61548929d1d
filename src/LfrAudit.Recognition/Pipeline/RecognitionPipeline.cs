using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// The live recognition pipeline: read → detect and track → align/embed → match → alert or discard, each stage
/// on its own thread, joined by small bounded queues (<see cref="StageQueue{T}"/>). A recorded source waits when a later stage is slow
/// (back-pressure); a live source drops its oldest waiting frame instead, and the drops are counted.
///
/// Faces are tracked across frames, so a face seen is a person, not a detection: each track is searched on
/// its first searchable frame and then only on clearly better ones, raises at most one alert per candidate,
/// and is counted when it ends.
///
/// Once the stages are full, a frame allocates nothing: what is found in a frame travels in a
/// <see cref="FrameInFlight"/> that goes round again after the frame is matched, and each stage keeps its scratch
/// space from frame to frame (alerts, people arriving and minutes of counts still allocate, being rarer than frames).
///
/// Privacy: a face below the threshold never leaves this class. Its embedding row is wiped as soon as its
/// frame has been matched, no crop is ever made for it, and the frame's pixels are wiped on dispose. A
/// track's best embedding is held while the person is in view (to know them again after a moment hidden)
/// and wiped when the track ends. Only counts survive, per camera per minute.
/// </summary>
public sealed class RecognitionPipeline(IFaceDetector detector, IFaceEmbedder embedder, IEvidenceEncoder evidence, IRunJournal journal, TimeProvider clock,
    IFaceSharpness? sharpness = null)
{
    private bool _windowClosed;
    private DateTimeOffset? _lastCapturedAt;
    private long _framesRead, _skipped, _dropped, _processed, _framesDetected, _detections, _seen, _searched, _searches, _alerts, _repeats, _nonMatches;

    /// <summary>
    /// Searches <paramref name="source"/> against <paramref name="watchlist"/> until it ends or is cancelled, recording
    /// alerts and counts as it goes; a non-match is discarded in memory at once.
    /// </summary>
    public async Task<RunSummary> RunAsync(IFrameSource source, EnrolledWatchlist watchlist, PipelineOptions options,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (watchlist.ModelId != embedder.ModelId)
            throw new LfrInputException($"watchlist '{watchlist.Name}' was enrolled with model {watchlist.ModelId}, but this run uses {embedder.ModelId}: enrol it again with this model");
        var startedAt = clock.GetUtcNow();
        var index = WatchlistIndex.NotExpiredAt(watchlist, startedAt);
        var tracking = source.FramesFollowOneAnother ? options.Tracking : options.Tracking with { Enabled = false };
        journal.BeginRun(new RunStart(options.Run, options.Camera, source.Description, watchlist.Name, watchlist.ContentHash,
            watchlist.Entries.Count, options.Threshold, options.Gate, options.Sampling.ToString()!, embedder.ModelId, startedAt, options.Deployment,
            options.ModelLicence));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = cts.Token;
        Exception? failure = null;
        void Fail(Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); cts.Cancel(); }

        var frames = new StageQueue<IFrame>(options.StageCapacity, dropOldest: source.IsLive, f => { Interlocked.Increment(ref _dropped); f.Dispose(); });
        using var inFlight = new FramesInFlight(embedder.Dimension);
        var detected = new StageQueue<FrameInFlight>(options.StageCapacity, dropOldest: false, null);
        var embedded = new StageQueue<FrameInFlight>(options.StageCapacity, dropOldest: false, null);
        var ledger = new FaceCountLedger(options.Run, options.Camera, journal.RecordFaceCounts, options.CountCommitInterval);
        var matcher = new TrackMatcher(index, options.Threshold, options.RepeatAlertWindow, tracking);
        // Closer looks are granted by the matching stage to the detection stage, which a recorded source lets run ahead by
        // as many frames as the threads happen to allow: a file would then be searched differently from run to run (a
        // programme resumed after a kill must come to the same figures). A live camera's frames come at its own pace, a
        // frame or two ahead of matching; a recorded one is searched without them (footage evaluation, one thread, has them).
        CloserLooks? closerLooks = source.IsLive && tracking.CloserLookTime > TimeSpan.Zero ? new(tracking) : null;

        var stages = new[]
        {
            Stage(() => Read(source, options.Sampling, options.StopAt, frames, token), frames, Fail),
            Stage(() => Detect(frames, detected, inFlight, options.Gate, tracking, DetectionCadence.For(options.DetectEvery, tracking), closerLooks, token), detected, Fail),
            Stage(() => EmbedFaces(detected, embedded, inFlight, token), embedded, Fail),
            Stage<object>(() => Match(embedded, inFlight, matcher, closerLooks, index, options, startedAt, ledger, progress, token), null, Fail),
        };
        await Task.WhenAll(stages).ConfigureAwait(false);

        // Anything still queued after a stop is wiped, never left for the garbage collector.
        while (frames.TryTake(out var f)) f.Dispose();
        while (detected.TryTake(out var d)) inFlight.GiveBack(d);
        while (embedded.TryTake(out var e)) inFlight.GiveBack(e);
        // Everyone still in view has gone when the run stops: counted, their sightings attached, their embeddings wiped.
        var gone = matcher.EndAll();
        var end = failure is not null ? RunEnd.Failed : cancellation.IsCancellationRequested ? RunEnd.Cancelled
            : _windowClosed ? RunEnd.PlannedEndReached : RunEnd.Completed;
        try
        {
            Gone([.. gone], startedAt, _lastCapturedAt ?? startedAt, ledger);
            ledger.Flush();
            // A frame is dated by its place in the source (start + offset). A file is read faster than it plays, so its
            // last frames can lie ahead of the clock: the run ends no earlier than the last frame it searched, so every
            // alert's captured_at lies within its run. How long the searching took is kept apart, for the speed.
            var stoppedAt = clock.GetUtcNow();
            var endedAt = _lastCapturedAt is { } last && last > stoppedAt ? last : stoppedAt;
            var summary = new RunSummary(options.Run, end, startedAt, endedAt, _framesRead, _skipped, _dropped, _processed, _detections,
                _seen, _searched, _seen - _searched, _searches, _alerts, _repeats, _nonMatches, source.Warnings.ToList())
            { ProcessingTime = stoppedAt - startedAt, FramesDetected = Interlocked.Read(ref _framesDetected), CloserLooksGranted = closerLooks?.Granted ?? 0 };
            journal.EndRun(summary);
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            return summary;
        }
        catch (Exception closing) when (failure is not null && !ReferenceEquals(closing, failure))
        {
            // The store that failed the run (a central store's server gone) cannot record its end either: the first
            // failure is the one to report, and the next command to open the store closes the run as interrupted.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
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
            if (stopAt is { } end && clock.GetUtcNow() >= end) { frame.Dispose(); _windowClosed = true; return; }
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

    // Detection and tracking share a stage: the tracker must see frames in order, and costs next to nothing. On a
    // cadence, a frame the detector skips is still tracked (its tracks predicted), and has no face to search. Near misses
    // (told by the matching stage, a few frames behind) are searched on every frame they are detected in for a moment.
    private void Detect(StageQueue<IFrame> input, StageQueue<FrameInFlight> output, FramesInFlight inFlight, QualityGate gate, TrackingOptions tracking,
        DetectionCadence cadence, CloserLooks? closerLooks, CancellationToken token)
    {
        var selection = new TrackedSearch(tracking, gate, sharpness, closerLooks);
        foreach (var frame in ReadAll(input, token))
        {
            var item = inFlight.Take(frame);
            try
            {
                if (cadence.ShouldDetect(frame.Offset))
                {
                    detector.Detect(frame, item.Detections);
                    selection.Select(frame, item.Detections, item.Selection);
                    cadence.Settled(selection.Settled);
                    Interlocked.Increment(ref _framesDetected);
                }
                else selection.Coast(frame, item.Selection);
                Write(output, item, token);
            }
            catch { inFlight.GiveBack(item); throw; }
        }
    }

    private void EmbedFaces(StageQueue<FrameInFlight> input, StageQueue<FrameInFlight> output, FramesInFlight inFlight, CancellationToken token)
    {
        int preferred = embedder.PreferredBatch;
        var group = new List<FrameInFlight>();
        var together = new List<FaceInFrame>();
        foreach (var first in ReadAll(input, token))
        {
            group.Clear();
            group.Add(first);
            // Where one call takes many faces (a GPU), frames already waiting join this frame's call; none is waited for.
            int faces = first.Selection.Search.Count;
            while (preferred > 1 && faces < preferred && input.TryTake(out var next))
            {
                group.Add(next);
                faces += next.Selection.Search.Count;
            }
            try
            {
                if (group.Count == 1) Embed(first);
                else EmbedTogether(group, together);
            }
            catch
            {
                foreach (var item in group) inFlight.GiveBack(item);
                throw;
            }
            for (int i = 0; i < group.Count; i++)
            {
                try { Write(output, group[i], token); }
                catch
                {
                    for (int j = i; j < group.Count; j++) inFlight.GiveBack(group[j]);
                    throw;
                }
            }
        }
    }

    private void Embed(FrameInFlight item)
    {
        var search = item.Selection.Search;
        if (search.Count == 0) return;
        for (int i = 0; i < search.Count; i++) item.ToEmbed.Add(search[i].Face);
        embedder.Embed(item.Frame, item.ToEmbed, item.Rows);
    }

    // One call for the faces of several frames, then each frame's rows copied to its own batch.
    private void EmbedTogether(List<FrameInFlight> group, List<FaceInFrame> together)
    {
        together.Clear();
        foreach (var item in group)
            for (int i = 0; i < item.Selection.Search.Count; i++) together.Add(new FaceInFrame(item.Frame, item.Selection.Search[i].Face));
        if (together.Count == 0) return;
        using var rows = embedder.Embed(together);
        for (int i = 0, at = 0; i < group.Count; i++)
        {
            var mine = group[i].Rows;
            mine.Resize(group[i].Selection.Search.Count);
            for (int r = 0; r < mine.Count; r++) rows.Row(at + r).CopyTo(mine.Row(r));
            at += mine.Count;
        }
    }

    private void Match(StageQueue<FrameInFlight> input, FramesInFlight inFlight, TrackMatcher matcher, CloserLooks? closerLooks, WatchlistIndex index,
        PipelineOptions options, DateTimeOffset startedAt, FaceCountLedger ledger, IProgress<PipelineProgress>? progress, CancellationToken token)
    {
        var bestOf = new Candidate?[16]; // the best candidate of each face of the frame, reused from frame to frame
        var gone = new List<PersonGone>();
        foreach (var item in ReadAll(input, token))
        {
            try { Match(item, matcher, closerLooks, index, options, startedAt, ledger, ref bestOf, gone); }
            finally { inFlight.GiveBack(item); } // the frame's pixels and embedding rows wiped
            long processed = Interlocked.Increment(ref _processed);
            progress?.Report(new PipelineProgress(Interlocked.Read(ref _framesRead), processed, Interlocked.Read(ref _seen), Interlocked.Read(ref _alerts)));
        }
    }

    // The frame's other faces, for the scene to hide. A method of its own: a lambda here would capture the loop's face,
    // and the closure would be allocated for every face searched, alert or not.
    private static List<BoxF> OthersThan(List<DetectedFace> detections, BoxF face)
    {
        var others = new List<BoxF>(detections.Count);
        foreach (var d in detections)
            if (d.Box != face) others.Add(d.Box);
        return others;
    }

    private void Match(FrameInFlight item, TrackMatcher matcher, CloserLooks? closerLooks, WatchlistIndex index, PipelineOptions options,
        DateTimeOffset startedAt, FaceCountLedger ledger, ref Candidate?[] bestOf, List<PersonGone> gone)
    {
        var frame = item.Frame;
        var selected = item.Selection;
        var batch = item.Rows;
        var capturedAt = startedAt + frame.Offset;
        if (_lastCapturedAt is not { } latest || capturedAt > latest) _lastCapturedAt = capturedAt;
        for (int i = 0; i < selected.Seen.Count; i++) matcher.Seen(selected.Seen[i], frame.Offset);
        int alerts = 0;
        // The frame's faces are searched together: a large watchlist is read once for all of them.
        int searching = selected.Search.Count;
        if (searching > bestOf.Length) bestOf = new Candidate?[searching];
        if (searching > 0) index.Best(batch.Rows(searching), bestOf);
        for (int i = 0; i < searching; i++)
        {
            var (face, track, quality) = selected.Search[i];
            var row = batch.Row(i);
            var decision = matcher.Search(track, row, quality, frame.Offset, bestOf[i]);
            // An entry whose approval lapsed during the run (or starts later) may not alert: a non-match, looked at closer.
            if (decision is TrackDecision.NewAlert lapsed && !index.Entry(lapsed.Candidate.EntryIndex).IsInForceAt(capturedAt)) decision = TrackDecision.None;
            closerLooks?.Searched(track, bestOf[i], options.Threshold, alerted: decision is not TrackDecision.NonMatch, frame.Offset);
            switch (decision)
            {
                case TrackDecision.NewAlert raise:
                    var entry = index.Entry(raise.Candidate.EntryIndex);
                    var others = OthersThan(item.Detections, face.Box);
                    var id = journal.RecordAlert(new Alert(options.Run, options.Camera, frame.Index, capturedAt, entry.Id, entry.Category,
                        raise.Candidate.Score, options.Threshold, face.Box, evidence.EncodeProbeCrop(frame, face.Box), row.ToArray(), track.ToString())
                    { SceneJpeg = evidence.EncodeScene(frame, face.Box, others) });
                    matcher.Raised(raise, id, frame.Offset);
                    alerts++;
                    break;
                case TrackDecision.Sighting:
                    Interlocked.Increment(ref _repeats);
                    break;
                // A non-match: nothing kept (the row is wiped with the frame).
            }
        }
        int detections = item.Detections.Count;
        Interlocked.Add(ref _detections, detections);
        Interlocked.Add(ref _searches, searching);
        Interlocked.Add(ref _alerts, alerts);
        ledger.Add(capturedAt, detections, 0, 0, alerts);
        gone.Clear();
        matcher.End(selected.Ended, gone);
        closerLooks?.Forget(selected.Ended);
        Gone(gone, startedAt, capturedAt, ledger);
    }

    // People who left view: counted in the minute they are known to have gone, their alerts' sightings attached.
    private void Gone(List<PersonGone> gone, DateTimeOffset startedAt, DateTimeOffset at, FaceCountLedger ledger)
    {
        if (gone.Count == 0) return;
        int searched = 0, nonMatches = 0;
        foreach (var person in gone)
        {
            if (!person.Searched) continue;
            searched++;
            if (person.Alerts.Count == 0) nonMatches++;
            foreach (var a in person.Alerts)
                if (a.Sightings > 1) journal.RecordSightings(new AlertSightingsUpdate(a.Alert, a.Sightings, startedAt + a.LastSeen, a.BestScore));
        }
        Interlocked.Add(ref _seen, gone.Count);
        Interlocked.Add(ref _searched, searched);
        Interlocked.Add(ref _nonMatches, nonMatches);
        ledger.Add(at, 0, gone.Count, searched, 0);
    }
}
