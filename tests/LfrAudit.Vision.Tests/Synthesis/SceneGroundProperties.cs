using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Vision.Tests.Synthesis;

/// <summary>
/// Walkers stand on the scene's floor: with any ground a scene can give (its horizon and descent), every face of a walk
/// lies between the horizon and the near end's line and rises towards the horizon in proportion to its size, as faces on
/// a flat floor seen in perspective do; a ground no scene can have is refused in one line before any frame is written.
/// </summary>
public sealed class SceneGroundProperties : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-ground-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Gen<(double Horizon, double Descent)> Grounds =
        from h in Gen.Choose(0, 900) from d in Gen.Choose(0, 600) where h + d <= 950 select (h / 1000.0, d / 1000.0);

    private static readonly Gen<CrowdWalker> Walkers =
        from enter in Gen.Choose(-40, 40) from walk in Gen.Choose(2, 80) from from_ in Gen.Choose(-100, 100) from to in Gen.Choose(-100, 100)
        from yaw in Gen.Choose(-30, 30)
        select new CrowdWalker("someone", "photo.jpg", new PhotoFace(10, 10, 40, 50), null, enter, walk, from_ / 100.0, to / 100.0, yaw, 0, 1, null, 0);

    [Fact]
    public void Every_face_of_a_walk_lies_between_the_horizon_and_the_near_line_and_rises_to_the_horizon_as_it_shrinks()
    {
        Prop.ForAll(Grounds.ToArbitrary(), Walkers.ToArbitrary(), Gen.Elements((640, 360), (1280, 720), (1920, 1080)).ToArbitrary(), (ground, walker, size) =>
        {
            var look = new CrowdLook(size.Item1, size.Item2, 10, 200, Horizon: ground.Horizon, Descent: ground.Descent);
            double horizon = look.Height * ground.Horizon, near = look.Height * (ground.Horizon + ground.Descent);
            // A face's drop below the horizon over its height is the camera's height above faces over a face's: one constant.
            double perHeight = look.Height * ground.Descent / look.NearFaceHeight;
            for (int f = walker.EnterFrame; f <= walker.LastFrame; f++)
            {
                var (_, y, _, h) = CrowdClip.FaceAt(look, walker, f);
                Assert.InRange(y, horizon - 1e-3, near + 1e-3);
                Assert.Equal(perHeight, (y - horizon) / h, 1e-3);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_ground_no_scene_can_have_is_refused_in_one_line_before_any_frame_is_written()
    {
        var outside = Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.01, -1, 0.91, 1, 2, 1e308);
        var bad = Gen.OneOf(
            from h in outside from d in Gen.Choose(0, 600) select (h, d / 1000.0),
            from h in Gen.Choose(0, 900) from d in outside select (h / 1000.0, d),
            from h in Gen.Choose(400, 900) from d in Gen.Choose(0, 600) where h + d > 950 select (h / 1000.0, d / 1000.0));
        using var plate = new OpenCvSharp.Mat(64, 64, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(100));
        Prop.ForAll(bad.ToArbitrary(), ground =>
        {
            var clip = Path.Combine(_dir, "refused.avi");
            var look = new CrowdLook(64, 64, 10, 3, Horizon: ground.Item1, Descent: ground.Item2);
            var ex = Assert.Throws<LfrInputException>(() => CrowdClip.Write(clip, plate, look, [], seed: 1));
            Assert.StartsWith($"{clip}: the scene's ground: ", ex.Message);
            Assert.DoesNotContain("\n", ex.Message);
            Assert.False(File.Exists(clip), "no footage is written for a ground that cannot be");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

        // The default ground, and each end of the ranges, film.
        foreach (var (h, d) in new[] { (CrowdLook.DefaultHorizon, CrowdLook.DefaultDescent), (0.0, 0.0), (0.9, 0.05), (0.35, 0.6) })
        {
            var clip = Path.Combine(_dir, string.Create(CultureInfo.InvariantCulture, $"ground-{h}-{d}.avi"));
            CrowdClip.Write(clip, plate, new CrowdLook(64, 64, 10, 3, Horizon: h, Descent: d), [], seed: 1);
            Assert.True(new FileInfo(clip).Length > 0, clip);
        }
    }
}
