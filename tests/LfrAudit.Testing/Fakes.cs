using System.Collections.Concurrent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Testing;

/// <summary>
/// A frame whose "faces" are given directly: each is a detection and the embedding the fake embedder
/// returns for it. Tracks disposal so tests can check nothing is left in memory.
/// </summary>
public sealed class FakeFrame(long index, TimeSpan offset, params FakeFace[] faces) : IFrame
{
    public static int Live;
    public long Index { get; } = index;
    public TimeSpan Offset { get; } = offset;
    public int Width => 640;
    public int Height => 480;
    public FakeFace[] Faces { get; } = faces;
    public bool Disposed { get; private set; }

    public FakeFrame Track() { Interlocked.Increment(ref Live); return this; }

    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        Interlocked.Decrement(ref Live);
    }
}

public sealed record FakeFace(float[] Embedding, float Size = 80, float Score = 0.95f);

public sealed class FakeSource(IEnumerable<FakeFrame> frames, bool live = false, bool followOneAnother = true) : IFrameSource
{
    public bool FramesFollowOneAnother => followOneAnother;
    public int Outstanding => _outstanding.Count(f => !f.Disposed);
    public int MaxOutstanding { get; private set; }
    private readonly List<FakeFrame> _outstanding = [];
    public string Description => "fake";
    public bool IsLive => live;
    public double? NominalFps => 10;
    public long? LengthInFrames => null;
    public IReadOnlyList<string> Warnings { get; } = [];
    public List<FakeFrame> Produced { get; } = [];

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        foreach (var f in frames)
        {
            if (cancellation.IsCancellationRequested) yield break;
            lock (_outstanding)
            {
                _outstanding.Add(f);
                MaxOutstanding = Math.Max(MaxOutstanding, Outstanding);
            }
            Produced.Add(f);
            yield return f;
        }
    }

    public void Dispose() { }
}

public sealed class FakeDetector(TimeSpan? delay = null, Func<IFrame, Exception?>? fail = null) : IFaceDetector
{
    public IReadOnlyList<DetectedFace> Detect(IFrame frame)
    {
        if (delay is { } d) Thread.Sleep(d);
        if (fail?.Invoke(frame) is { } ex) throw ex;
        var f = (FakeFrame)frame;
        return f.Faces.Select((face, i) => new DetectedFace(new BoxF(10 + 100 * i, 10, face.Size, face.Size), default, face.Score)).ToList();
    }
}

/// <summary>Returns each face's given embedding; records the batches it handed out to check they are wiped.</summary>
public sealed class FakeEmbedder(int dimension = 4) : IFaceEmbedder
{
    public string ModelId => "fake@000000000000";
    public int Dimension => dimension;
    public ConcurrentBag<EmbeddingBatch> Batches { get; } = [];

    /// <summary>Above 1 the fake takes faces of several frames in one call, as a GPU embedder does.</summary>
    public int PreferredBatch { get; init; } = 1;

    /// <summary>Calls that took faces of several frames at once, and the most frames one such call held.</summary>
    public int CallsAcrossFrames, MostFramesInOneCall;

    /// <summary>How long each call takes (a slow embedder lets frames wait, so that they can be batched).</summary>
    public TimeSpan Delay { get; init; }

    public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces)
    {
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        int frames = faces.Select(f => f.Frame).Distinct().Count();
        Interlocked.Increment(ref CallsAcrossFrames);
        lock (Batches) MostFramesInOneCall = Math.Max(MostFramesInOneCall, frames);
        var batch = new EmbeddingBatch(faces.Count, Dimension);
        for (int i = 0; i < faces.Count; i++)
            ((FakeFrame)faces[i].Frame).Faces[(int)((faces[i].Face.Box.X - 10) / 100)].Embedding.CopyTo(batch.Row(i));
        batch.NormaliseRows();
        Batches.Add(batch);
        return batch;
    }

    public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces)
    {
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        var f = (FakeFrame)frame;
        var batch = new EmbeddingBatch(faces.Count, Dimension);
        for (int i = 0; i < faces.Count; i++)
        {
            // Match detections back to the fake faces by their x position.
            int which = (int)((faces[i].Box.X - 10) / 100);
            f.Faces[which].Embedding.CopyTo(batch.Row(i));
        }
        batch.NormaliseRows();
        Batches.Add(batch);
        return batch;
    }
}

public sealed class FakeEvidence : IEvidenceEncoder
{
    public int Calls;
    public byte[] EncodeProbeCrop(IFrame frame, BoxF face) { Interlocked.Increment(ref Calls); return [0xFF, 0xD8, 1, 2, 3]; }
    public byte[] EncodeScene(IFrame frame, BoxF face, IReadOnlyList<BoxF> others) => [0xFF, 0xD8, 9, 8, 7];
}

public sealed class MemoryJournal : IRunJournal
{
    public RunStart? Start;
    public RunSummary? Summary;
    public List<Alert> Alerts { get; } = [];
    public List<FaceCountMinute> Counts { get; } = [];
    public void BeginRun(RunStart start) => Start = start;
    public AlertId RecordAlert(Alert alert) { lock (Alerts) { Alerts.Add(alert); return new AlertId(Alerts.Count); } }
    public void RecordFaceCounts(FaceCountMinute counts) { lock (Counts) Counts.Add(counts); }
    public List<AlertSightingsUpdate> Sightings { get; } = [];
    public void RecordSightings(AlertSightingsUpdate sightings) { lock (Sightings) Sightings.Add(sightings); }
    public void EndRun(RunSummary summary) => Summary = summary;
}

/// <summary>Watchlists of the fake embedder's 4-dimensional faces, enrolled for a month from the given time.</summary>
public static class FakeWatchlist
{
    public static EnrolledWatchlist Of(DateTimeOffset at, params (string Id, float[] Face)[] people) => new("wl", "fake@000000000000", 4, at,
        people.Select(p => new WatchlistEntry(new WatchlistEntryId(p.Id), WatchlistCategory.WantedSeriousOffence, "s", "a", at.AddDays(-1), at.AddDays(30), [])).ToList(),
        people.Select(p => new EnrolledTemplate(new WatchlistEntryId(p.Id), "sha", p.Face)).ToList());
}
