using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Core.Tests.Tracking;

public class FaceTrackerTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40); // 25 fps

    private static DetectedFace Face(float x, float y, float size = 80, float score = 0.9f) => new(new BoxF(x, y, size, size), default, score);

    private static TrackedFrame Step(FaceTracker tracker, int frame, params DetectedFace[] faces) => tracker.Update(faces, frame * Frame);

    [Fact]
    public void A_face_walking_across_the_frame_is_one_track_and_ends_after_the_lost_time()
    {
        var tracker = new FaceTracker(TrackingOptions.Default);
        var ids = new HashSet<TrackId>();
        for (int f = 0; f < 50; f++)
            ids.Add(Assert.Single(Step(tracker, f, Face(100 + 12 * f, 200)).Faces).Track!.Value);
        Assert.Single(ids);

        // Gone from view: the track lives through the lost time (1 s = 25 frames), then ends exactly once.
        var ended = Enumerable.Range(50, 30).SelectMany(f => Step(tracker, f).Ended).ToList();
        Assert.Equal(ids.Select(i => i.Value).Order(), ended.Select(i => i.Value).Order());
        Assert.Equal(0, tracker.LiveTracks);
    }

    [Fact]
    public void Two_people_crossing_keep_their_own_tracks()
    {
        var tracker = new FaceTracker(TrackingOptions.Default);
        TrackId? left = null, right = null;
        for (int f = 0; f < 40; f++)
        {
            // One walks right, one walks left, at different heights (one nearer the camera) so their boxes cross only partly.
            var a = Face(100 + 15 * f, 100, 90);
            var b = Face(700 - 15 * f, 150, 70);
            var faces = Step(tracker, f, a, b).Faces;
            left ??= faces[0].Track;
            right ??= faces[1].Track;
            Assert.Equal(left, faces[0].Track);
            Assert.Equal(right, faces[1].Track);
        }
        Assert.NotEqual(left, right);
    }

    [Fact]
    public void A_face_hidden_briefly_keeps_its_track_and_a_doubtful_detection_continues_but_never_starts_one()
    {
        var tracker = new FaceTracker(TrackingOptions.Default);
        var first = Step(tracker, 0, Face(100, 100)).Faces[0].Track;
        for (int f = 1; f < 10; f++) Step(tracker, f, Face(100 + 5 * f, 100));
        for (int f = 10; f < 15; f++) Step(tracker, f); // hidden for 0.2 s
        Assert.Equal(first, Step(tracker, 15, Face(175, 100)).Faces[0].Track);
        // Turning away lowers the detector's score: the track carries on through the doubtful detections.
        Assert.Equal(first, Step(tracker, 16, Face(180, 100, score: 0.62f)).Faces[0].Track);
        // A doubtful detection far from any track is counted as a detection but belongs to no one.
        Assert.Null(Step(tracker, 17, Face(185, 100), Face(600, 400, score: 0.62f)).Faces[1].Track);
    }

    [Fact]
    public void Without_tracking_every_face_is_its_own_track_ended_with_its_frame()
    {
        var tracker = new FaceTracker(TrackingOptions.Default with { Enabled = false });
        var a = Step(tracker, 0, Face(100, 100), Face(300, 100));
        var b = Step(tracker, 1, Face(100, 100));
        Assert.Equal(a.Faces.Select(f => f.Track!.Value), a.Ended);
        Assert.DoesNotContain(b.Faces[0].Track!.Value, a.Ended);
        Assert.Equal(3, a.Faces.Concat(b.Faces).Select(f => f.Track).Distinct().Count());
    }

    [Fact]
    public void Any_detections_at_any_times_give_each_face_at_most_one_track_and_end_every_track_once()
    {
        var box = from x in Gen.Choose(-100, 2000) from y in Gen.Choose(-100, 1200) from size in Gen.Choose(0, 400)
                  from score in Gen.Choose(0, 100)
                  from odd in Gen.Elements(0f, 0f, 0f, 0f, float.NaN, float.PositiveInfinity, -1f)
                  select new DetectedFace(new BoxF(x + odd, y, size, size), default, score / 100f);
        var frame = from n in Gen.Choose(0, 6) from faces in Gen.ListOf(box, n) from step in Gen.Choose(-200, 1500) select (Faces: faces.ToList(), Step: step);
        var clip = from n in Gen.Choose(1, 60) from frames in Gen.ListOf(frame, n) select frames.ToList();
        Prop.ForAll(clip.ToArbitrary(), frames =>
        {
            var tracker = new FaceTracker(TrackingOptions.Default);
            var started = new HashSet<TrackId>();
            var ended = new HashSet<TrackId>();
            var at = TimeSpan.Zero;
            foreach (var (faces, step) in frames)
            {
                at += TimeSpan.FromMilliseconds(step); // sometimes backwards: a source's clock is not trusted
                var result = tracker.Update(faces, at);
                var ids = result.Faces.Where(f => f.Track is not null).Select(f => f.Track!.Value).ToList();
                if (ids.Count != ids.Distinct().Count()) return false;                 // one face, one track
                if (ids.Any(ended.Contains)) return false;                             // an ended track never returns
                foreach (var e in result.Ended) if (!ended.Add(e)) return false;       // each ends once
                started.UnionWith(ids);
            }
            foreach (var e in tracker.EndAll()) if (!ended.Add(e)) return false;
            return started.SetEquals(ended) && tracker.LiveTracks == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_track_is_searched_on_its_first_frame_on_clearly_better_ones_up_to_a_limit_and_rechecked_twice_a_second()
    {
        var choice = new BestFrameChoice(TrackingOptions.Default);
        var t = new TrackId(1);
        var searched = new List<int>();
        // 25 fps for 2 s; quality rises 10 % a frame for the first 20 frames, then stays.
        for (int f = 0; f < 50; f++)
            if (choice.ShouldSearch(t, 0.1f * MathF.Pow(1.1f, Math.Min(f, 20)), f * Frame)) searched.Add(f);
        // The first frame, then better ones (25 % better than the best searched: every 3rd frame) until 3 searches were
        // spent on quality, then a recheck each 0.5 s from the last search (0.24 s) whatever the quality.
        Assert.Equal([0, 3, 6, 19, 32, 45], searched);
        choice.Forget([t]);
        Assert.True(choice.ShouldSearch(t, 0.01f, 50 * Frame)); // a forgotten track is new again
    }
}
