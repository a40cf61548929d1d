using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Core.Tests;

[Collection("pipeline")] // FakeFrame.Live is shared: keep these tests sequential
public class PipelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly float[] Alice = [1, 0, 0, 0];
    private static readonly float[] Bob = [0, 1, 0, 0];
    private static readonly float[] Stranger = [0, 0, 1, 0];

    private static EnrolledWatchlist Watchlist(params (string Id, float[] V)[] people) => FakeWatchlist.Of(T0, people);

    private static PipelineOptions Options(double threshold = 0.6, FrameSampling? sampling = null, TimeSpan? window = null) => new()
    {
        Run = new RunId("run-test"),
        Camera = new CameraId("cam-1"),
        Threshold = new Threshold(threshold),
        Sampling = sampling ?? FrameSampling.All,
        RepeatAlertWindow = window ?? TimeSpan.FromSeconds(10),
        // These test the search and counting rules face by face; tracking has tests of its own (PipelineTrackingTests).
        Tracking = TrackingOptions.Default with { Enabled = false },
    };

    private static FakeFrame Frame(long i, params FakeFace[] faces) => new FakeFrame(i, TimeSpan.FromSeconds(i), faces).Track();

    private static (RecognitionPipeline, MemoryJournal, FakeEmbedder, FakeEvidence) Build(FakeDetector? detector = null)
    {
        var journal = new MemoryJournal();
        var embedder = new FakeEmbedder();
        var evidence = new FakeEvidence();
        return (new RecognitionPipeline(detector ?? new FakeDetector(), embedder, evidence, journal, new FakeTimeProvider(T0)), journal, embedder, evidence);
    }

    [Fact]
    public async Task Alerts_only_for_faces_reaching_the_threshold_and_discards_the_rest()
    {
        var (pipeline, journal, embedder, evidence) = Build();
        // Alice exactly at the threshold (cos = 0.6), Bob just below it, a stranger nowhere near.
        var atThreshold = new[] { 0.6f, 0, 0, 0.8f };
        var justBelow = new[] { 0, 0.5999f, 0.8001f, 0 };
        var source = new FakeSource([
            Frame(0, new FakeFace(atThreshold)),
            Frame(20, new FakeFace(Stranger), new FakeFace(justBelow)),
        ]);

        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice), ("bob", Bob)), Options(0.6));

        var alert = Assert.Single(journal.Alerts);
        Assert.Equal("alice", alert.Candidate.Value);
        Assert.Equal(0.6f, alert.Score, 4);
        Assert.Equal(0, alert.FrameIndex);
        Assert.Equal(T0, alert.CapturedAt);
        Assert.Equal(1, evidence.Calls); // no crop is ever made for a non-match
        Assert.Equal(3, summary.FacesSeen);
        Assert.Equal(1, summary.AlertsRaised);
        Assert.Equal(2, summary.NonMatchesDiscarded);
        Assert.Equal(RunEnd.Completed, journal.Summary!.End);
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
        // Every embedding batch was disposed, so every non-match embedding was wiped.
        Assert.All(embedder.Batches, b => Assert.Throws<ObjectDisposedException>(() => b.Row(0)));
    }

    [Fact]
    public async Task An_entry_whose_approval_has_lapsed_never_alerts_nor_hides_one_in_force()
    {
        var (pipeline, journal, _, _) = Build();
        // Carol's entry expired before the run; Alice's lapses fifteen seconds into it; Bob's stays in force.
        var carol = new[] { 0, 0.8f, 0.6f, 0 };
        var entries = new (string Id, float[] V, DateTimeOffset Expires)[]
        {
            ("carol", carol, T0.AddSeconds(-1)), ("alice", Alice, T0.AddSeconds(15)), ("bob", Bob, T0.AddDays(30)),
        };
        var watchlist = new EnrolledWatchlist("wl", "fake@000000000000", 4, T0,
            [.. entries.Select(e => new WatchlistEntry(new WatchlistEntryId(e.Id), WatchlistCategory.WantedSeriousOffence, "s", "a", T0.AddDays(-1), e.Expires, []))],
            [.. entries.Select(e => new EnrolledTemplate(new WatchlistEntryId(e.Id), "sha", e.V))]);
        var source = new FakeSource([
            Frame(0, new FakeFace(Alice)),
            // Carol's own face (1.0 against her lapsed entry) also resembles Bob (0.8): Bob's entry alerts.
            Frame(1, new FakeFace(carol)),
            Frame(20, new FakeFace(Alice)), // past the repeat window, and past Alice's expiry
        ]);

        await pipeline.RunAsync(source, watchlist, Options(0.6));

        Assert.Equal(["alice@0", "bob@1"], journal.Alerts.Select(a => $"{a.Candidate.Value}@{a.FrameIndex}"));
    }

    [Fact]
    public async Task Faces_below_the_quality_gate_are_counted_but_never_searched()
    {
        var (pipeline, journal, embedder, _) = Build();
        var source = new FakeSource([Frame(0, new FakeFace(Alice, Size: 10)), Frame(1, new FakeFace(Alice, Score: 0.5f))]);
        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options());
        Assert.Empty(journal.Alerts);
        Assert.Empty(embedder.Batches);
        Assert.Equal(2, summary.FacesSeen);
        Assert.Equal(0, summary.FacesSearched);
        Assert.Equal(2, summary.FacesNotSearchable);
    }

    [Fact]
    public async Task One_person_lingering_is_one_alert_until_the_repeat_window_passes()
    {
        var (pipeline, journal, _, _) = Build();
        // Frames 1 s apart: alice in frames 0..4 and again at 15 s; window 10 s.
        var frames = Enumerable.Range(0, 5).Select(i => Frame(i, new FakeFace(Alice))).Append(Frame(15, new FakeFace(Alice)));
        var summary = await pipeline.RunAsync(new FakeSource(frames), Watchlist(("alice", Alice)), Options());
        Assert.Equal([0L, 15L], journal.Alerts.Select(a => a.FrameIndex));
        Assert.Equal(4, summary.RepeatSightings);
    }

    [Fact]
    public async Task Counts_are_kept_per_camera_per_minute()
    {
        var (pipeline, journal, _, _) = Build();
        var frames = new[] { 0, 30, 59, 60, 61, 130 }.Select(s => Frame(s, new FakeFace(Stranger), new FakeFace(Stranger)));
        await pipeline.RunAsync(new FakeSource(frames), Watchlist(("alice", Alice)), Options());
        Assert.Equal([6, 4, 2], journal.Counts.Select(c => c.FacesSeen));
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], journal.Counts.Select(c => c.Minute));
        Assert.All(journal.Counts, c => Assert.Equal("cam-1", c.Camera.Value));
    }

    [Fact]
    public async Task A_recorded_source_is_not_read_ahead_of_a_slow_stage()
    {
        var (pipeline, _, _, _) = Build(new FakeDetector(delay: TimeSpan.FromMilliseconds(15)));
        var source = new FakeSource(Enumerable.Range(0, 40).Select(i => Frame(i, new FakeFace(Stranger))));
        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options());
        Assert.Equal(40, summary.FramesProcessed);
        Assert.Equal(0, summary.FramesDroppedBehindLive);
        // Bounded channels: at most capacity per queue plus one frame in each stage's hands.
        Assert.InRange(source.MaxOutstanding, 1, 4 * 2 + 4);
    }

    [Fact]
    public async Task A_live_source_drops_frames_it_cannot_keep_up_with_and_counts_them()
    {
        var (pipeline, _, _, _) = Build(new FakeDetector(delay: TimeSpan.FromMilliseconds(20)));
        var source = new FakeSource(Enumerable.Range(0, 60).Select(i => Frame(i, new FakeFace(Stranger))), live: true);
        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options());
        Assert.True(summary.FramesDroppedBehindLive > 0, "a fast live source and a slow detector must drop frames");
        Assert.Equal(60, summary.FramesProcessed + summary.FramesDroppedBehindLive);
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
    }

    [Fact]
    public async Task Sampling_searches_only_the_chosen_frames()
    {
        var (pipeline, _, _, _) = Build();
        var source = new FakeSource(Enumerable.Range(0, 10).Select(i => Frame(i, new FakeFace(Stranger))));
        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options(sampling: FrameSampling.Every(3)));
        Assert.Equal(4, summary.FramesProcessed); // 0, 3, 6, 9
        Assert.Equal(6, summary.FramesSkippedBySampling);
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
    }

    [Fact]
    public async Task A_failing_stage_ends_the_run_as_failed_and_wipes_every_frame()
    {
        // Frame 5 fails only once frame 0's alert is in (otherwise which frames get through first is a race).
        var journal = new MemoryJournal();
        var detector = new FakeDetector(fail: f => f.Index == 5 && SpinWait.SpinUntil(() => journal.Alerts.Count > 0, 5000) ? new InvalidOperationException("boom") : null);
        var pipeline = new RecognitionPipeline(detector, new FakeEmbedder(), new FakeEvidence(), journal, new FakeTimeProvider(T0));
        var source = new FakeSource(Enumerable.Range(0, 30).Select(i => Frame(i, new FakeFace(Alice))));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options()));
        Assert.Equal("boom", ex.Message);
        Assert.Equal(RunEnd.Failed, journal.Summary!.End);
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
        Assert.Single(journal.Alerts); // frame 0 alerted before the failure and is kept
    }

    [Fact]
    public async Task Cancelling_stops_the_run_and_records_it_as_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var detector = new FakeDetector(fail: f => { if (f.Index == 3) cts.Cancel(); return null; });
        var (pipeline, journal, _, _) = Build(detector);
        var source = new FakeSource(Enumerable.Range(0, 1000).Select(i => Frame(i, new FakeFace(Stranger))));
        var summary = await pipeline.RunAsync(source, Watchlist(("alice", Alice)), Options(), cancellation: cts.Token);
        Assert.Equal(RunEnd.Cancelled, summary.End);
        Assert.True(source.Produced.Count < 1000);
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
    }

    [Fact]
    public async Task A_watchlist_enrolled_with_another_model_is_refused()
    {
        var (pipeline, _, _, _) = Build();
        var other = new EnrolledWatchlist("wl", "other@123", 4, T0, [], []);
        var ex = await Assert.ThrowsAsync<LfrInputException>(() => pipeline.RunAsync(new FakeSource([]), other, Options()));
        Assert.Contains("enrol it again", ex.Message);
    }
}

public class FrameSamplingTests
{
    [Fact]
    public void Every_nth_keeps_the_first_and_then_every_nth()
    {
        var keep = FrameSampling.Every(4).NewDecider();
        Assert.Equal([0, 4, 8], Enumerable.Range(0, 10).Where(i => keep(i, TimeSpan.Zero)));
    }

    [Fact]
    public void Per_second_keeps_the_long_run_rate_from_a_25_fps_source()
    {
        var keep = FrameSampling.PerSecond(5).NewDecider();
        int kept = Enumerable.Range(0, 250).Count(i => keep(i, TimeSpan.FromSeconds(i / 25.0)));
        Assert.Equal(50, kept);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Bad_rates_are_refused(int n)
    {
        Assert.ThrowsAny<LfrInputException>(() => FrameSampling.Every(n));
        Assert.ThrowsAny<LfrInputException>(() => FrameSampling.PerSecond(n));
    }
}
