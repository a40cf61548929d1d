using System.Threading.Channels;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Watchlists;

namespace LfrAudit.Core.Pipeline;

/// <summary>
/// The live recognition pipeline: read → detect → align/embed → match → alert or discard, each stage on
/// its own thread, joined by small bounded channels. A recorded source waits when a later stage is slow
/// (back-pressure); a live source drops its oldest waiting frame instead, and the drops are counted.
///
/// Privacy: a face below the threshold never leaves this class. Its embedding row is wiped when the
/// frame's batch is disposed, no crop is ever made for it, and the frame's pixels are wiped on dispose.
/// Only counts survive, per camera per minute.
/// </summary>
public sealed class RecognitionPipeline(IFaceDetector detector, IFaceEmbedder embedder, IEvidenceEncoder evidence, IRunJournal journal, IClock clock)
{
    private sealed record Detected(IFrame Frame, int Seen, IReadOnlyList<DetectedFace> Searchable);
    private sealed record Embedded(IFrame Frame, int Seen, IReadOnlyList<DetectedFace> Searchable, EmbeddingBatch? Batch);

    private bool _windowClosed;
    private long _framesRead, _skipped, _dropped, _processed, _seen, _searched, _alerts, _repeats;

    public async Task<RunSummary> RunAsync(IFrameSource source, EnrolledWatchlist watchlist, PipelineOptions options,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (watchlist.ModelId != embedder.ModelId)
            throw new LfrInputException($"watchlist '{watchlist.Name}' was enrolled with model {watchlist.ModelId}, but this run uses {embedder.ModelId}: enrol it again with this model");
        var index = new WatchlistIndex(watchlist);
        var startedAt = clock.UtcNow;
        journal.BeginRun(new RunStart(options.Run, options.Camera, source.Description, watchlist.Name, watchlist.ContentHash,
            watchlist.Entries.Count, options.Threshold, options.Gate, options.Sampling.ToString()!, embedder.ModelId, startedAt, options.Deployment));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = cts.Token;
        Exception? failure = null;
        void Fail(Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); cts.Cancel(); }

        var frames = NewChannel<IFrame>(options.StageCapacity, source.IsLive, f => { Interlocked.Increment(ref _dropped); f.Dispose(); });
        var detected = NewChannel<Detected>(options.StageCapacity, live: false, null);
        var embedded = NewChannel<Embedded>(options.StageCapacity, live: false, null);
        var ledger = new FaceCountLedger(options.Run, options.Camera, journal.RecordFaceCounts, options.CountCommitInterval);
        var repeats = new RepeatAlertFilter(options.RepeatAlertWindow);

        var stages = new[]
        {
            Stage(() => Read(source, options.Sampling, options.StopAt, frames.Writer, token), frames.Writer, Fail),
            Stage(() => Detect(frames.Reader, detected.Writer, options.Gate, token), detected.Writer, Fail),
            Stage(() => EmbedFaces(detected.Reader, embedded.Writer, token), embedded.Writer, Fail),
            Stage<object>(() => Match(embedded.Reader, index, options, startedAt, ledger, repeats, progress, token), null, Fail),
        };
        await Task.WhenAll(stages).ConfigureAwait(false);

        // Anything still queued after a stop is wiped, never left for the garbage collector.
        while (frames.Reader.TryRead(out var f)) f.Dispose();
        while (detected.Reader.TryRead(out var d)) d.Frame.Dispose();
        while (embedded.Reader.TryRead(out var e)) { e.Batch?.Dispose(); e.Frame.Dispose(); }
        ledger.Flush();

        var end = failure is not null ? RunEnd.Failed : cancellation.IsCancellationRequested ? RunEnd.Cancelled
            : _windowClosed ? RunEnd.PlannedEndReached : RunEnd.Completed;
        var summary = new RunSummary(options.Run, end, startedAt, clock.UtcNow, _framesRead, _skipped, _dropped, _processed,
            _seen, _searched, _seen - _searched, _alerts, _repeats, source.Warnings.ToList());
        journal.EndRun(summary);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return summary;
    }

    private static Channel<T> NewChannel<T>(int capacity, bool live, Action<T>? dropped)
    {
        var o = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = live ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        return Channel.CreateBounded(o, dropped);
    }

    // Stages block on native calls, so each gets its own thread rather than a thread-pool slot.
    private static Task Stage<T>(Action body, ChannelWriter<T>? output, Action<Exception> fail) =>
        Task.Factory.StartNew(() =>
        {
            try { body(); }
            catch (OperationCanceledException) { }
            catch (ChannelClosedException) { }
            catch (Exception ex) { fail(ex); }
            finally { output?.TryComplete(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IEnumerable<T> ReadAll<T>(ChannelReader<T> reader, CancellationToken token)
    {
        while (reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
            while (reader.TryRead(out var item)) yield return item;
    }

    private static void Write<T>(ChannelWriter<T> writer, T item, CancellationToken token)
    {
        if (!writer.TryWrite(item)) writer.WriteAsync(item, token).AsTask().GetAwaiter().GetResult();
    }

    private void Read(IFrameSource source, FrameSampling sampling, DateTimeOffset? stopAt, ChannelWriter<IFrame> output, CancellationToken token)
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

    private void Detect(ChannelReader<IFrame> input, ChannelWriter<Detected> output, QualityGate gate, CancellationToken token)
    {
        foreach (var frame in ReadAll(input, token))
        {
            try
            {
                var faces = detector.Detect(frame);
                var searchable = faces.Where(gate.Admits).ToList();
                Write(output, new Detected(frame, faces.Count, searchable), token);
            }
            catch { frame.Dispose(); throw; }
        }
    }

    private void EmbedFaces(ChannelReader<Detected> input, ChannelWriter<Embedded> output, CancellationToken token)
    {
        foreach (var d in ReadAll(input, token))
        {
            EmbeddingBatch? batch = null;
            try
            {
                batch = d.Searchable.Count == 0 ? null : embedder.Embed(d.Frame, d.Searchable);
                Write(output, new Embedded(d.Frame, d.Seen, d.Searchable, batch), token);
            }
            catch { batch?.Dispose(); d.Frame.Dispose(); throw; }
        }
    }

    private void Match(ChannelReader<Embedded> input, WatchlistIndex index, PipelineOptions options, DateTimeOffset startedAt,
        FaceCountLedger ledger, RepeatAlertFilter repeats, IProgress<PipelineProgress>? progress, CancellationToken token)
    {
        foreach (var e in ReadAll(input, token))
        {
            using var frame = e.Frame;
            using var batch = e.Batch;
            var capturedAt = startedAt + frame.Offset;
            int alerts = 0;
            for (int i = 0; i < e.Searchable.Count; i++)
            {
                var row = batch!.Row(i);
                if (index.Best(row) is not { } best || !options.Threshold.IsReachedBy(best.Score)) continue; // non-match: nothing kept
                if (repeats.IsRepeat(best.Entry, capturedAt)) { Interlocked.Increment(ref _repeats); continue; }
                var face = e.Searchable[i];
                var entry = index.Entry(best.EntryIndex);
                journal.RecordAlert(new Alert(options.Run, options.Camera, frame.Index, capturedAt, entry.Id, entry.Category,
                    best.Score, options.Threshold, face.Box, evidence.EncodeProbeCrop(frame, face.Box), row.ToArray()));
                alerts++;
            }
            Interlocked.Add(ref _seen, e.Seen);
            Interlocked.Add(ref _searched, e.Searchable.Count);
            Interlocked.Add(ref _alerts, alerts);
            long processed = Interlocked.Increment(ref _processed);
            ledger.Add(capturedAt, e.Seen, e.Searchable.Count, alerts);
            progress?.Report(new PipelineProgress(Interlocked.Read(ref _framesRead), processed, Interlocked.Read(ref _seen), Interlocked.Read(ref _alerts)));
        }
    }
}
