using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Core.Tests;

/// <summary>The pipeline stops at a deployment's planned end and commits its counts often enough to survive a kill.</summary>
[Collection("pipeline")]
public class PipelineTimingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly float[] Alice = [1, 0, 0, 0];
    private static readonly float[] Stranger = [0, 0, 1, 0];

    private static EnrolledWatchlist Watchlist() => FakeWatchlist.Of(T0, ("alice", Alice));

    private static PipelineOptions Options() => new()
    {
        Run = new RunId("run-test"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.6),
        Tracking = TrackingOptions.Default with { Enabled = false }, // counts per face, as these tests count
    };

    private static FakeFrame Frame(long i, TimeSpan offset) => new FakeFrame(i, offset, new FakeFace(Stranger)).Track();

    [Fact]
    public async Task Recognition_stops_when_the_clock_reaches_the_planned_end()
    {
        var journal = new MemoryJournal();
        var pipeline = new RecognitionPipeline(new FakeDetector(), new FakeEmbedder(), new FakeEvidence(), journal, new FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromMinutes(1) });
        var source = new FakeSource(Enumerable.Range(0, 50).Select(i => Frame(i, TimeSpan.FromSeconds(i))).ToList());
        var summary = await pipeline.RunAsync(source, Watchlist(), Options() with { StopAt = T0.AddMinutes(10) });
        Assert.Equal(RunEnd.PlannedEndReached, summary.End);
        Assert.InRange(summary.FramesRead, 1, 12);
        Assert.Equal(summary.FramesProcessed, journal.Counts.Sum(c => c.FacesSeen)); // one face a frame, all counted
    }

    [Fact]
    public async Task Face_counts_are_committed_while_a_minute_is_still_open()
    {
        var journal = new MemoryJournal();
        var pipeline = new RecognitionPipeline(new FakeDetector(delay: TimeSpan.FromMilliseconds(30)), new FakeEmbedder(), new FakeEvidence(), journal, new FakeTimeProvider(T0));
        // All 20 frames fall in one minute of capture time; with a 100 ms commit interval the counts arrive in parts.
        var source = new FakeSource(Enumerable.Range(0, 20).Select(i => Frame(i, TimeSpan.FromMilliseconds(i * 100))).ToList());
        await pipeline.RunAsync(source, Watchlist(), Options() with { CountCommitInterval = TimeSpan.FromMilliseconds(100) });
        Assert.True(journal.Counts.Count >= 2, $"{journal.Counts.Count} commits");
        Assert.All(journal.Counts, c => Assert.Equal(T0, c.Minute));
        Assert.Equal(20, journal.Counts.Sum(c => c.FacesSeen));
    }
}
