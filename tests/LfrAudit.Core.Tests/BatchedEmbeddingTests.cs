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

/// <summary>
/// The GPU path's batching: a pipeline whose embedder takes many faces a call embeds the faces of frames already
/// waiting together, and several cameras share one embedder through <see cref="SharedEmbedder"/>; either way each
/// frame gets exactly the alerts and rows it gets face by face, and nothing is left unwiped.
/// </summary>
[Collection("pipeline")] // timing-sensitive (a slow fake embedder): kept apart from the other pipeline tests
public class BatchedEmbeddingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly float[][] People = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]];

    private static PipelineOptions Options() => new()
    {
        Run = new RunId("run-batch"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.6),
        Tracking = TrackingOptions.Default with { Enabled = false },
    };

    // Each frame: up to four faces, each one of the listed people (possibly with noise) or a stranger.
    private static readonly Gen<float[]> Face = Gen.OneOf(
        Gen.Elements(People),
        Gen.ArrayOf(Gen.Choose(-100, 100).Select(i => i / 100f), 4).Where(v => v.Any(x => x != 0)));

    private static async Task<(List<(long, string, float)> Alerts, FakeEmbedder Embedder, List<FakeFrame> Frames)> Run(float[][][] footage, int preferredBatch)
    {
        var frames = footage.Select((faces, i) => new FakeFrame(i, TimeSpan.FromSeconds(i), faces.Select(f => new FakeFace(f)).ToArray()).Track()).ToList();
        var embedder = new FakeEmbedder { PreferredBatch = preferredBatch, Delay = TimeSpan.FromMilliseconds(3) };
        var journal = new MemoryJournal();
        var pipeline = new RecognitionPipeline(new FakeDetector(), embedder, new FakeEvidence(), journal, new FakeTimeProvider(T0));
        await pipeline.RunAsync(new FakeSource(frames), FakeWatchlist.Of(T0, ("a", People[0]), ("b", People[1]), ("c", People[2])), Options());
        return (journal.Alerts.Select(a => (a.FrameIndex, a.Candidate.Value, a.Score)).OrderBy(a => a).ToList(), embedder, frames);
    }

    [Fact]
    public void Frames_embedded_together_raise_exactly_the_alerts_of_frames_embedded_one_by_one()
    {
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Face, n))).Where(f => f.Length > 0).ToArbitrary(), footage =>
        {
            var (single, _, _) = Run(footage, 1).GetAwaiter().GetResult();
            var (batched, embedder, frames) = Run(footage, 8).GetAwaiter().GetResult();
            Assert.Equal(single, batched);
            Assert.All(frames, f => Assert.True(f.Disposed)); // every frame wiped and let go
            Assert.All(embedder.Batches, b => Assert.Throws<ObjectDisposedException>(() => b.Row(0)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public async Task A_slow_embedder_that_takes_batches_gets_the_faces_of_several_waiting_frames_in_one_call()
    {
        var footage = Enumerable.Range(0, 40).Select(i => new[] { People[i % 3], People[(i + 1) % 3] }).ToArray();
        var (single, _, _) = await Run(footage, 1);
        var (alerts, embedder, _) = await Run(footage, 8);
        Assert.Equal(single, alerts);
        Assert.True(embedder.MostFramesInOneCall > 1, "no call held faces of more than one frame");
    }

    [Fact]
    public void Cameras_sharing_one_embedder_each_get_their_own_faces_rows()
    {
        var calls = Gen.ArrayOf(Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Face, n)));
        Prop.ForAll(Gen.ArrayOf(calls, 4).ToArbitrary(), cameras =>
        {
            var inner = new FakeEmbedder { PreferredBatch = 8, Delay = TimeSpan.FromMilliseconds(1) };
            using var shared = new SharedEmbedder(inner);
            Parallel.ForEach(cameras, new ParallelOptions { MaxDegreeOfParallelism = 4 }, camera =>
            {
                for (int i = 0; i < camera.Length; i++)
                {
                    using var frame = new FakeFrame(i, TimeSpan.FromSeconds(i), camera[i].Select(f => new FakeFace(f)).ToArray());
                    var faces = new FakeDetector().Detect(frame);
                    using var rows = shared.Embed(frame, faces);
                    Assert.Equal(faces.Count, rows.Count);
                    for (int j = 0; j < faces.Count; j++)
                    {
                        var expected = camera[i][j].ToArray();
                        EmbeddingBatch.Normalise(expected);
                        Assert.Equal(expected, rows.Row(j).ToArray());
                    }
                }
            });
            var (innerCalls, requests) = shared.Counts;
            Assert.True(innerCalls <= requests);
            Assert.All(inner.Batches, b => Assert.Throws<ObjectDisposedException>(() => b.Row(0)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Fact]
    public void A_failing_call_fails_only_the_calls_batched_with_it_and_the_shared_embedder_goes_on()
    {
        var inner = new FailingOnce();
        using var shared = new SharedEmbedder(inner);
        using var frame = new FakeFrame(0, TimeSpan.Zero, new FakeFace(People[0]));
        var faces = new FakeDetector().Detect(frame);
        Assert.Throws<InvalidDataException>(() => shared.Embed(frame, faces));
        using var rows = shared.Embed(frame, faces);
        Assert.Equal(People[0], rows.Row(0).ToArray());
    }

    private sealed class FailingOnce : IFaceEmbedder
    {
        private int _calls;
        private readonly FakeEmbedder _inner = new();
        public string ModelId => _inner.ModelId;
        public int Dimension => _inner.Dimension;
        public int PreferredBatch => 8;
        public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) => _inner.Embed(frame, faces);
        public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidDataException("the device went away") : _inner.Embed(faces);
    }
}
