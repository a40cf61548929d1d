using LfrAudit.Testing;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Synthesis;
using OpenCvSharp;

namespace LfrAudit.Vision.Tests.Synthesis;

/// <summary>Crowd footage rendered over a real scene with real photos, checked against its own truth by the real detector.</summary>
public sealed class CrowdClipTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-crowd-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IReadOnlyList<CrowdPhoto> LfwPhotos(int count) =>
        Directory.GetDirectories(SharedData.Dataset("lfw", "images")).OrderBy(d => d, StringComparer.Ordinal).Take(count)
            .Select(d => new CrowdPhoto(Path.GetFileName(d), Directory.GetFiles(d).OrderBy(f => f, StringComparer.Ordinal).First(),
                new Dictionary<string, string> { ["set"] = "lfw" })).ToList();

    private PhotoFace? FaceOf(CrowdPhoto p)
    {
        using var frame = new ImageFileReader().Read(p.Image);
        return models.Detector.Detect(frame).FirstOrDefault() is { } f ? new PhotoFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height) : null;
    }

    [Fact]
    public void People_walk_towards_the_camera_growing_from_distant_to_close_and_the_detector_finds_them_where_the_truth_says()
    {
        var look = new CrowdLook(1280, 720, 10, 80);
        var walkers = CrowdPlanner.Plan(new CrowdPlanRequest(look, 40, 10, [], LfwPhotos(40), null, Seed: 7, OcclusionRate: 0), FaceOf);
        using var plate = BackgroundPlate.FromVideo(SharedData.Dataset("videos", Environment.GetEnvironmentVariable("LFR_CROWD_BG") ?? "intel-sample-videos_one-by-one-person-detection.mp4"), 1280, 720, models.Detector);
        var clip = Path.Combine(_dir, "crowd.avi");
        var truth = CrowdClip.Write(clip, plate, look, walkers, seed: 7);

        Assert.NotEmpty(truth.Appearances);
        var heights = truth.Appearances.SelectMany(a => a.Boxes.Values).Select(b => b.Height).ToList();
        Assert.InRange(heights.Min(), 15, 30);
        Assert.InRange(heights.Max(), 120, 151);
        foreach (var a in truth.Appearances)
        {
            var ordered = a.Boxes.OrderBy(b => b.Key).Select(b => b.Value).ToList();
            Assert.True(ordered.Zip(ordered.Skip(1)).All(p => p.Second.Height >= p.First.Height - 0.01f || p.Second.Y <= 0.01f || p.Second.Y + p.Second.Height >= 719),
                $"{a.Identity}: a walker's face only grows while fully in view");
            Assert.All(ordered, b => Assert.True(b.X >= 0 && b.Y >= 0 && b.X + b.Width <= 1280.01f && b.Y + b.Height <= 720.01f));
        }

        // The real detector on the written, compressed frames: most faces of 40 px and more are found where the truth has them.
        int expected = 0, found = 0;
        using var source = new VideoFileSource(clip);
        foreach (var frame in source.ReadFrames(CancellationToken.None))
            using (frame)
            {
                var faces = models.Detector.Detect(frame);
                foreach (var a in truth.Appearances)
                {
                    if (!a.Boxes.TryGetValue((int)frame.Index, out var b) || b.Height < 40 || b.Y + b.Height >= 719) continue;
                    expected++;
                    if (faces.Any(f => new BoxF(b.X, b.Y, b.Width, b.Height).IntersectionOverUnion(f.Box) >= 0.3f)) found++;
                }
                if (Environment.GetEnvironmentVariable("LFR_SCREENSHOTS") is { Length: > 0 } shots && frame.Index == 60)
                    Cv2.ImWrite(Path.Combine(shots, "crowd-frame.png"), MatFrame.Pixels(frame));
            }
        Assert.True(expected > 50, $"only {expected} truth faces of 40 px or more");
        Assert.True(found >= 0.7 * expected, $"the detector found {found} of {expected} truth faces of 40 px or more");
    }

    [Fact]
    public void A_head_is_cut_from_its_photo_leaving_nothing_of_its_corners_or_edges_even_from_a_tight_crop()
    {
        // An LFW photo (the face in the middle of a wider picture) and FairFace photos (the face filling the picture).
        var photos = new[] { LfwPhotos(1)[0].Image }
            .Concat(Directory.GetFiles(SharedData.Dataset("fairface", "images", "val"), "*.jpg").Order(StringComparer.Ordinal).Take(6));
        int checkedPhotos = 0;
        foreach (var path in photos)
        {
            if (FaceOf(new CrowdPhoto("x", path, new Dictionary<string, string>())) is not { } face || face.Height < 24) continue;
            using var sprite = new WalkerSprite(path, face);
            var a = sprite.Alpha;
            float Border(int r0, int r1, int c0, int c1)
            {
                float max = 0;
                for (int r = r0; r < r1; r++) for (int c = c0; c < c1; c++) max = Math.Max(max, a.At<float>(r, c));
                return max;
            }
            // Nothing of the photo's own frame shows: every edge fades out (a square head would be opaque along them).
            Assert.True(Border(0, 1, 0, a.Cols) < 0.5 && Border(a.Rows - 1, a.Rows, 0, a.Cols) < 0.5
                && Border(0, a.Rows, 0, 1) < 0.5 && Border(0, a.Rows, a.Cols - 1, a.Cols) < 0.5, $"{path}: an edge of the photo is kept");
            Assert.True(a.At<float>((int)sprite.FaceCentre.Y, (int)sprite.FaceCentre.X) > 0.95f, $"{path}: the middle of the face is not kept");
            checkedPhotos++;
        }
        Assert.True(checkedPhotos >= 4, "too few photos had a face to cut out");
    }
}
