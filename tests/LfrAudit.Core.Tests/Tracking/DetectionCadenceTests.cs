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

namespace LfrAudit.Core.Tests.Tracking;

/// <summary>
/// Faces looked for on a cadence, tracked between (issue 30): the detector runs at least every N frames and every
/// 0.2 s of source time, at once after tracking was unsettled; and on generated crowds walking past at up to a quick
/// walk, a cadence of 2 to 5 sees exactly the people, searches and alerts that detecting every frame does.
/// </summary>
[Collection("pipeline")] // FakeFrame.Live is shared with the other pipeline tests
public sealed class DetectionCadenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Detection_runs_at_least_every_n_frames_and_every_fifth_of_a_second_and_at_once_when_unsettled()
    {
        var frames = Gen.Choose(1, 300).Zip(Gen.Elements(true, true, true, false)).ArrayOf().Where(f => f.Length > 0);
        Prop.ForAll(Gen.Choose(1, 10).ToArbitrary(), frames.ToArbitrary(), (every, steps) =>
        {
            var cadence = new DetectionCadence(every);
            var offset = TimeSpan.Zero;
            TimeSpan? lastDetected = null;
            int since = 0;
            bool unsettled = true, ok = true;
            foreach (var (gapMs, settled) in steps)
            {
                offset += TimeSpan.FromMilliseconds(gapMs);
                bool detect = cadence.ShouldDetect(offset);
                since++;
                // Skipping is allowed only while settled, within N frames and within 0.2 s of the last detection.
                bool mustDetect = every == 1 || unsettled || lastDetected is null || since >= every || offset - lastDetected >= DetectionCadence.MaxInterval;
                ok &= detect == mustDetect;
                if (detect)
                {
                    lastDetected = offset;
                    since = 0;
                    cadence.Settled(settled);
                    unsettled = !settled;
                }
            }
            return ok && cadence.Detected + cadence.Predicted == steps.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tracking_is_unsettled_by_a_young_track_and_by_a_first_miss_and_settles_when_both_are_confirmed()
    {
        var tracker = new FaceTracker(TrackingOptions.Default);
        var frame = new TrackedFrame();
        DetectedFace Face(float x) => new(new BoxF(x, 100, 80, 80), default, 0.95f);
        var t = TimeSpan.Zero;
        void Step(params DetectedFace[] faces) { t += TimeSpan.FromMilliseconds(40); tracker.Update(faces, t, frame); }

        Step(Face(100));
        Assert.False(tracker.Settled); // a newcomer
        Step(Face(104));
        Assert.False(tracker.Settled); // found twice: its motion is not known yet
        Step(Face(108));
        Assert.True(tracker.Settled);
        tracker.Coast(t += TimeSpan.FromMilliseconds(40), frame);
        Step(Face(116));
        Assert.True(tracker.Settled); // found where its motion put it after a frame of prediction
        Step();
        Assert.False(tracker.Settled); // missed for the first time: look again at once
        Step();
        Assert.True(tracker.Settled); // missed again: it is leaving; no need to keep looking every frame
    }

    /// <summary>A person crossing the picture in a straight line at a steady pace.</summary>
    private sealed record Walker(int Enter, int Frames, float X0, float Y, float Vx, float Size, float[] Face)
    {
        public bool InFrame(long i) => i >= Enter && i < Enter + Frames;
        public BoxF BoxAt(long i) => new(X0 + Vx * (i - Enter), Y, Size, Size);
    }

    /// <summary>Finds the walkers in view in a frame (by its index), at their place in it.</summary>
    private sealed class WalkersDetector(IReadOnlyList<Walker> walkers) : IFaceDetector
    {
        public int Calls;
        public IReadOnlyList<DetectedFace> Detect(IFrame frame)
        {
            Interlocked.Increment(ref Calls);
            return [.. walkers.Where(w => w.InFrame(frame.Index)).Select(w => new DetectedFace(w.BoxAt(frame.Index), default, 0.95f))];
        }
    }

    /// <summary>Gives each face the embedding of the walker standing there.</summary>
    private sealed class WalkersEmbedder(IReadOnlyList<Walker> walkers) : IFaceEmbedder
    {
        public string ModelId => "fake@000000000000";
        public int Dimension => 4;
        public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces)
        {
            var batch = new EmbeddingBatch(faces.Count, 4);
            for (int i = 0; i < faces.Count; i++)
                walkers.First(w => w.InFrame(frame.Index) && w.BoxAt(frame.Index) == faces[i].Box).Face.CopyTo(batch.Row(i));
            batch.NormaliseRows();
            return batch;
        }
    }

    private static readonly float[] Wanted = [1, 0, 0, 0];
    private static readonly float[][] Strangers = [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];

    // Up to four different people (one face each: two walkers with one face would be one person seen twice), each on a
    // lane of their own (no two cross), entering and leaving at different times, with 32-120 px faces moving across the
    // picture at up to 0.4 face widths a frame: at 25 fps, someone crossing the camera's view at a brisk walk (1.4 m/s
    // is about 9 face widths a second, whatever the distance). Faster, two frames of one face barely overlap and no
    // tracker keeps it, on any cadence.
    private static readonly Gen<Walker[]> Crowds =
        Gen.Choose(1, 4).SelectMany(n => Gen.Choose(0, 3).SelectMany(shift => Gen.Choose(0, 60).Zip(Gen.Choose(8, 80)).Zip(Gen.Choose(-40, 40).Zip(Gen.Choose(32, 120)))
            .ArrayOf(n).Select(ws => ws.Select((w, lane) =>
            {
                var ((enter, frames), (pace, size)) = w;
                float vx = pace / 100f * size;
                float x0 = vx >= 0 ? 10 : 10 - vx * frames;
                var face = new float[4];
                face[(lane + shift) % 4] = 1;
                return new Walker(enter, frames, x0, 10 + 130 * lane, vx, size, face);
            }).ToArray())));

    [Fact]
    public void On_any_crowd_a_cadence_sees_the_same_people_searches_the_same_and_alerts_the_same()
    {
        Prop.ForAll(Crowds.ToArbitrary(), Gen.Choose(2, 5).ToArbitrary(), (crowd, every) =>
        {
            var full = Run(crowd, 1);
            var cadenced = Run(crowd, every);
            return (cadenced.Summary.FacesSeen == crowd.Length && full.Summary.FacesSeen == crowd.Length
                    && cadenced.Alerts == full.Alerts && cadenced.Alerts == crowd.Count(w => w.Face.SequenceEqual(Wanted))
                    && cadenced.Summary.FacesSearched == full.Summary.FacesSearched
                    && cadenced.Summary.FramesDetected <= full.Summary.FramesDetected && full.Summary.FramesDetected == full.Summary.FramesProcessed)
                .Label($"{string.Join("; ", crowd.Select(w => $"{w.Enter}+{w.Frames} x{w.X0} y{w.Y} v{w.Vx} s{w.Size}"))} every {every}: seen {cadenced.Summary.FacesSeen} vs {full.Summary.FacesSeen} of {crowd.Length}, alerts {cadenced.Alerts} vs {full.Alerts}, detected {cadenced.Summary.FramesDetected}/{cadenced.Summary.FramesProcessed}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void On_any_crowd_a_cadence_keeps_each_person_on_one_track()
    {
        // Beneath the people counted (which the search's memory of a face could hold together): the tracks themselves.
        Prop.ForAll(Crowds.ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (crowd, every) =>
        {
            var tracker = new FaceTracker(TrackingOptions.Default);
            var cadence = new DetectionCadence(every);
            var detector = new WalkersDetector(crowd);
            var frame = new TrackedFrame();
            var tracks = new HashSet<TrackId>();
            int frames = crowd.Max(w => w.Enter + w.Frames) + 1;
            for (int i = 0; i < frames; i++)
            {
                var at = TimeSpan.FromMilliseconds(40 * i);
                if (!cadence.ShouldDetect(at)) { tracker.Coast(at, frame); continue; }
                tracker.Update(detector.Detect(new FakeFrame(i, at)), at, frame);
                cadence.Settled(tracker.Settled);
                foreach (var f in frame.Faces) if (f.Track is { } id) tracks.Add(id);
            }
            return (tracks.Count == crowd.Length).Label($"{string.Join("; ", crowd.Select(w => $"{w.Enter}+{w.Frames} x{w.X0} y{w.Y} v{w.Vx} s{w.Size}"))} every {every}: {tracks.Count} tracks for {crowd.Length} people");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_steady_crowd_is_detected_on_about_one_frame_in_n()
    {
        // Three people in view for the whole of 100 frames: after the first two frames settle them, one frame in three.
        Walker[] crowd = [new(0, 100, 10, 10, 3, 80, Wanted), new(0, 100, 10, 140, 2, 60, Strangers[0]), new(0, 100, 600, 270, -4, 100, Strangers[1])];
        var (summary, alerts) = Run(crowd, 3);
        Assert.Equal(101, summary.FramesProcessed);
        Assert.InRange(summary.FramesDetected, 34, 36);
        Assert.Equal(3, summary.FacesSeen);
        Assert.Equal(1, alerts);
    }

    private static (RunSummary Summary, int Alerts) Run(IReadOnlyList<Walker> crowd, int every)
    {
        int frames = crowd.Max(w => w.Enter + w.Frames) + 1;
        var source = new FakeSource(Enumerable.Range(0, frames).Select(i => new FakeFrame(i, TimeSpan.FromMilliseconds(40 * i)).Track()));
        var journal = new MemoryJournal();
        var pipeline = new RecognitionPipeline(new WalkersDetector(crowd), new WalkersEmbedder(crowd), new FakeEvidence(), journal, new FakeTimeProvider(T0));
        var options = new PipelineOptions { Run = new RunId("run-c"), Camera = new CameraId("cam-1"), Threshold = new Threshold(0.9), DetectEvery = every };
        var summary = pipeline.RunAsync(source, FakeWatchlist.Of(T0, ("wanted", Wanted)), options).GetAwaiter().GetResult();
        return (summary, journal.Alerts.Count);
    }
}
