using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Core.Tests;

/// <summary>Tests that count every byte the process allocates: run alone, after the others.</summary>
[CollectionDefinition("allocation", DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// The pipeline's own work per frame — tracking, choosing faces to search, searching, deciding, counting, wiping —
/// allocates nothing once it is warm. Footage generated as a cycle of people walking in and out of view is played
/// over and over: the first plays fill the pipeline's pools (frames in flight, tracks, people, lists) to what the
/// cycle needs; the later plays are counted one by one, process-wide, and the least of them must be zero bytes. A
/// pool may still grow once in a later play (which pooled object carries the busiest frame depends on the threads'
/// timing), and the test runner may allocate on its own threads during one, but an allocation made for every frame
/// shows in every play: the second test shows the count sees one small object a frame. The detector, embedder and
/// frames here allocate nothing, so any byte counted is the pipeline's.
/// </summary>
[Collection("allocation")]
public class SteadyStateAllocationTests
{
    private const int Dimension = 8, Plays = 16, WarmPlays = 3;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Someone crossing the view: in view from one frame of the cycle to another, moving steadily.</summary>
    private sealed record Walker(int Enters, int Stays, int X, int Y, int Step, int Size);

    private static readonly Gen<(int Length, Walker[] Walkers)> Cycles =
        from length in Gen.Choose(20, 120)
        from count in Gen.Choose(0, 8)
        from walkers in Gen.ArrayOf(
            from enters in Gen.Choose(0, length - 1)
            from stays in Gen.Choose(1, length)
            from x in Gen.Choose(0, 1200)
            from y in Gen.Choose(0, 600)
            from step in Gen.Choose(-8, 8)
            from size in Gen.Choose(10, 160)
            select new Walker(enters, stays, x, y, step, size), count)
        select (length, walkers);

    [Fact]
    public void A_cycle_of_footage_played_again_allocates_nothing()
    {
        Prop.ForAll(Cycles.ToArbitrary(), cycle =>
        {
            var plays = PlayedAgain(cycle.Length, cycle.Walkers);
            Assert.True(plays.Min() == 0, $"each later play of a {cycle.Length}-frame cycle allocated: {string.Join(", ", plays)} bytes");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void The_measure_sees_a_single_object_made_per_frame()
    {
        // The same footage, with a detector that makes one small object a frame: the count must show it.
        var walkers = new[] { new Walker(0, 40, 100, 100, 3, 90), new Walker(10, 30, 600, 200, -4, 60) };
        var plays = PlayedAgain(40, walkers, wasteful: true);
        // (The detect stage runs a few frames ahead of the match stage that reads the count: a window is about a play.)
        Assert.True(plays.Min() >= 24L * 40 / 2, $"plays of 40 frames allocated {string.Join(", ", plays)} bytes");
    }

    [Fact]
    public async Task Rows_that_go_round_come_back_empty_and_are_freed_when_the_run_ends()
    {
        // Privacy with recycling: a batch of rows handed to the embedder again held nothing of its last frame, and
        // none is left once the run ends.
        var walkers = new[] { new Walker(0, 60, 100, 100, 3, 90), new Walker(5, 50, 600, 200, -4, 60), new Walker(20, 40, 900, 300, 2, 120) };
        var script = Script(60, walkers);
        var embedder = new AxisEmbedder();
        using var source = new RecycledFrames(240, TimeSpan.FromMilliseconds(40));
        var pipeline = new RecognitionPipeline(new ScriptedDetector(script, wasteful: false), embedder, new FakeEvidence(), new MemoryJournal(), new FakeTimeProvider(T0));
        await pipeline.RunAsync(source, ListedOffTheFacesAxes(1), new PipelineOptions
        {
            Run = new RunId("run-rows"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.5),
            Tracking = TrackingOptions.Default with { Enabled = false }, // every face searched on every frame
        });

        Assert.True(embedder.Calls > 150, $"{embedder.Calls} calls");
        Assert.True(embedder.Handed.Count < 20, $"{embedder.Handed.Count} batches: they were not reused");
        Assert.Equal(0, embedder.HeldRowsOnArrival);
        Assert.All(embedder.Handed, b => Assert.Throws<ObjectDisposedException>(() => b.Resize(1)));
    }

    [Fact]
    public void A_large_watchlist_is_searched_across_the_cores_without_allocating_and_finds_what_one_core_finds()
    {
        // 150,000 rows: the int8 pass splits them among the cores (one part on the caller, the rest on helper threads).
        const int dim = 128, rows = 150_000;
        var rng = new Random(14);
        var templates = new float[rows * dim];
        for (int i = 0; i < templates.Length; i++) templates[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int r = 0; r < rows; r++) EmbeddingBatch.Normalise(templates.AsSpan(r * dim, dim));
        var index = new QuantizedTemplates(templates, dim);
        // A frame of six faces: each a listed row seen again with a little noise.
        var probes = new float[6 * dim];
        var mates = new int[6];
        for (int j = 0; j < 6; j++)
        {
            mates[j] = rng.Next(rows);
            for (int i = 0; i < dim; i++) probes[j * dim + i] = templates[mates[j] * dim + i] + (float)(rng.NextDouble() - 0.5) * 0.1f;
            EmbeddingBatch.Normalise(probes.AsSpan(j * dim, dim));
        }
        var found = new int[6];
        var scores = new float[6];
        index.Best(probes, templates, found, scores); // the first search makes its working space

        // Search by search, process-wide (the helper threads count too); the test runner's own threads allocate a
        // little now and then, so the least of twenty must be zero: an allocation in every search shows in each.
        var searches = new long[20];
        for (int n = 0; n < searches.Length; n++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            index.Best(probes, templates, found, scores);
            searches[n] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        Assert.Equal(mates, found);
        Assert.True(searches.Min() == 0, $"searches allocated {string.Join(", ", searches)} bytes");
    }

    // Plays the cycle several times as one recording; returns what each play after the warm ones allocated, process-wide.
    private static long[] PlayedAgain(int length, Walker[] walkers, bool wasteful = false)
    {
        var script = Script(length, walkers);
        int total = length * Plays;
        var progress = new Measure(length);
        using var source = new RecycledFrames(total, TimeSpan.FromMilliseconds(40));
        var pipeline = new RecognitionPipeline(new ScriptedDetector(script, wasteful), new AxisEmbedder(), new FakeEvidence(), new MemoryJournal(), new FakeTimeProvider(T0));
        var summary = pipeline.RunAsync(source, ListedOffTheFacesAxes(3), new PipelineOptions
        {
            Run = new RunId("run-alloc"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.5),
            CountCommitInterval = TimeSpan.FromHours(1), // counts are written once a minute of footage: none within these seconds
        }, progress).GetAwaiter().GetResult();
        Assert.Equal(total, summary.FramesProcessed);
        return progress.Plays;
    }

    // Listed people lie on axes 4 and up, faces' embeddings on 0–3: nobody is matched, so no alert is raised.
    private static EnrolledWatchlist ListedOffTheFacesAxes(int people)
    {
        var ids = Enumerable.Range(0, people).Select(i => new WatchlistEntryId($"listed-{i}")).ToList();
        return new EnrolledWatchlist("wl", "axis", Dimension, T0,
            ids.Select(id => new WatchlistEntry(id, WatchlistCategory.WantedSeriousOffence, "s", "a", T0.AddDays(-1), T0.AddDays(30), [])).ToList(),
            ids.Select((id, i) => new EnrolledTemplate(id, "sha", Axis(4 + i))).ToList());
    }

    private static float[] Axis(int i)
    {
        var v = new float[Dimension];
        v[i] = 1;
        return v;
    }

    // Each frame of the cycle: the faces in view, computed once, so that detection makes nothing.
    private static DetectedFace[][] Script(int length, Walker[] walkers) =>
        Enumerable.Range(0, length).Select(f => walkers
            .Where(w => f >= w.Enters && f < w.Enters + w.Stays)
            .Select(w =>
            {
                float x = w.X + w.Step * (f - w.Enters), y = w.Y, s = w.Size;
                var landmarks = new FaceLandmarks(new(x + 0.3f * s, y + 0.4f * s), new(x + 0.7f * s, y + 0.4f * s), new(x + 0.5f * s, y + 0.6f * s),
                    new(x + 0.35f * s, y + 0.8f * s), new(x + 0.65f * s, y + 0.8f * s));
                return new DetectedFace(new BoxF(x, y, s, s), landmarks, 0.9f);
            }).ToArray()).ToArray();

    /// <summary>
    /// Reads the process's allocated bytes as each play after the warm ones ends (from the match stage); the last play
    /// is not counted, as the earlier stages have stopped before it ends.
    /// </summary>
    private sealed class Measure(int length) : IProgress<PipelineProgress>
    {
        private long _last;
        public long[] Plays { get; } = new long[SteadyStateAllocationTests.Plays - WarmPlays - 1];

        public void Report(PipelineProgress value)
        {
            if (value.FramesProcessed % length != 0) return;
            long play = value.FramesProcessed / length, now = GC.GetTotalAllocatedBytes(precise: true);
            if (play > WarmPlays && play < SteadyStateAllocationTests.Plays) Plays[play - WarmPlays - 1] = now - _last;
            _last = now;
        }
    }

    /// <summary>A recording whose frame objects go round, as a real source's pooled frames do.</summary>
    private sealed class RecycledFrames(int frames, TimeSpan step) : IFrameSource
    {
        private readonly Frame[] _ring = Enumerable.Range(0, 64).Select(_ => new Frame()).ToArray();

        public string Description => "recycled frames";
        public bool IsLive => false;
        public double? NominalFps => 25;
        public long? LengthInFrames => frames;
        public IReadOnlyList<string> Warnings { get; } = [];

        public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
        {
            for (int i = 0; i < frames && !cancellation.IsCancellationRequested; i++)
            {
                var frame = _ring[i % _ring.Length];
                if (!frame.Free) throw new InvalidOperationException($"frame {i - _ring.Length} was never disposed");
                frame.Start(i, step * i);
                yield return frame;
            }
        }

        public void Dispose() { }

        public sealed class Frame : IFrame
        {
            public bool Free { get; private set; } = true;
            public long Index { get; private set; }
            public TimeSpan Offset { get; private set; }
            public int Width => 1920;
            public int Height => 1080;

            public void Start(long index, TimeSpan offset) { Index = index; Offset = offset; Free = false; }
            public void Dispose() => Free = true;
        }
    }

    private sealed class ScriptedDetector(DetectedFace[][] script, bool wasteful) : IFaceDetector
    {
        public object? Last;

        public IReadOnlyList<DetectedFace> Detect(IFrame frame) => script[frame.Index % script.Length];

        public void Detect(IFrame frame, List<DetectedFace> faces)
        {
            if (wasteful) Last = new object();
            faces.Clear();
            faces.AddRange(script[frame.Index % script.Length]);
        }
    }

    /// <summary>
    /// Each face's embedding is an axis picked by its size, as if each size were one person. Notes the batches it is
    /// handed and whether one still held rows of an earlier frame when handed again.
    /// </summary>
    private sealed class AxisEmbedder : IFaceEmbedder
    {
        public int Calls, HeldRowsOnArrival;
        public HashSet<EmbeddingBatch> Handed { get; } = new(ReferenceEqualityComparer.Instance);

        public string ModelId => "axis";
        public int Dimension => SteadyStateAllocationTests.Dimension;

        public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces)
        {
            var batch = new EmbeddingBatch(faces.Count, Dimension);
            ((IFaceEmbedder)this).Embed(frame, faces, batch);
            return batch;
        }

        void IFaceEmbedder.Embed(IFrame frame, IReadOnlyList<DetectedFace> faces, EmbeddingBatch rows)
        {
            Calls++;
            if (!Handed.Add(rows) && rows.Count != 0) HeldRowsOnArrival++;
            rows.Resize(faces.Count);
            for (int i = 0; i < faces.Count; i++) rows.Row(i)[(int)faces[i].Box.Width % 4] = 1;
        }
    }
}

