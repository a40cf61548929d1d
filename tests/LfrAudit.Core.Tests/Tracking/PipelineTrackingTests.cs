using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Core.Tests.Tracking;

[Collection("pipeline")] // FakeFrame.Live is shared with the other pipeline tests
public class PipelineTrackingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly float[] Alice = [1, 0, 0, 0];
    private static readonly float[] Stranger = [0, 0, 1, 0];

    private static EnrolledWatchlist Watchlist() => FakeWatchlist.Of(T0, ("alice", Alice));

    private static PipelineOptions Options() => new() { Run = new RunId("run-t"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.6) };

    // Alice and a stranger walk towards the camera for 30 frames at 25 fps: their faces grow from 40 to 127 pixels.
    private static List<FakeFrame> TwoPeopleApproaching(int frames = 30) => Enumerable.Range(0, frames)
        .Select(i => new FakeFrame(i, TimeSpan.FromMilliseconds(40 * i), new FakeFace(Alice, Size: 40 + 3 * i), new FakeFace(Stranger, Size: 40 + 3 * i)).Track())
        .ToList();

    [Fact]
    public async Task Two_people_in_view_for_thirty_frames_are_two_faces_seen_one_alert_and_a_few_searches()
    {
        var journal = new MemoryJournal();
        var embedder = new FakeEmbedder();
        var pipeline = new RecognitionPipeline(new FakeDetector(), embedder, new FakeEvidence(), journal, new FakeTimeProvider(T0));
        var source = new FakeSource(TwoPeopleApproaching());

        var s = await pipeline.RunAsync(source, Watchlist(), Options());

        Assert.Equal(60, s.Detections);
        Assert.Equal(2, s.FacesSeen);
        Assert.Equal(2, s.FacesSearched);
        Assert.Equal(1, s.NonMatchesDiscarded);
        // Per track: the first frame, at most 3 clearly better ones, and a recheck each 0.5 s (2 in 1.16 s): a few times, not 30.
        Assert.InRange(s.Searches, 4, 12);
        var alert = Assert.Single(journal.Alerts);
        Assert.Equal("t1", alert.Track);
        Assert.Equal(0, alert.FrameIndex); // raised on the first searchable frame, not when the person leaves
        // Alice's later searches are sightings attached to her alert when she has gone.
        var sightings = Assert.Single(journal.Sightings);
        Assert.Equal(s.RepeatSightings + 1, sightings.Sightings);
        Assert.True(sightings.LastSeenAt > alert.CapturedAt);
        Assert.Equal(2, journal.Counts.Sum(c => c.FacesSeen));
        Assert.Equal(60, journal.Counts.Sum(c => c.Detections));
        Assert.All(source.Produced, f => Assert.True(f.Disposed));
        Assert.All(embedder.Batches, b => Assert.Throws<ObjectDisposedException>(() => b.Row(0)));
    }

    [Fact]
    public async Task A_folder_of_unrelated_images_counts_every_face_as_a_person()
    {
        var journal = new MemoryJournal();
        var pipeline = new RecognitionPipeline(new FakeDetector(), new FakeEmbedder(), new FakeEvidence(), journal, new FakeTimeProvider(T0));
        var s = await pipeline.RunAsync(new FakeSource(TwoPeopleApproaching(5), followOneAnother: false), Watchlist(), Options());
        Assert.Equal(10, s.FacesSeen);
        Assert.Equal(10, s.Searches);
        Assert.Single(journal.Alerts); // the repeat window still holds: one Alice, one alert
    }

    [Fact]
    public async Task People_seen_and_searches_fall_with_tracking_while_detections_stay()
    {
        async Task<RunSummary> Run(bool tracking)
        {
            var pipeline = new RecognitionPipeline(new FakeDetector(), new FakeEmbedder(), new FakeEvidence(), new MemoryJournal(), new FakeTimeProvider(T0));
            return await pipeline.RunAsync(new FakeSource(TwoPeopleApproaching()), Watchlist(),
                Options() with { Tracking = TrackingOptions.Default with { Enabled = tracking } });
        }
        var before = await Run(false);
        var after = await Run(true);
        Assert.Equal(before.Detections, after.Detections);
        Assert.Equal(60, before.FacesSeen);
        Assert.Equal(2, after.FacesSeen);
        Assert.True(after.Searches < before.Searches / 5, $"{after.Searches} vs {before.Searches}");
        Assert.Equal(before.AlertsRaised, after.AlertsRaised);
    }
}
