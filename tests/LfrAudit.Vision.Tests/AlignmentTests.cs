using LfrAudit.Testing;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Alignment;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Vision.Tests;

public class SimilarityTransformTests
{
    [Fact]
    public void Recovers_a_known_rotation_scale_and_shift()
    {
        double angle = 0.3, scale = 1.7, tx = 12, ty = -5;
        double a = scale * Math.Cos(angle), b = scale * Math.Sin(angle);
        var src = FaceAligner.Template112;
        var dst = src.Select(p => new PointF((float)(a * p.X - b * p.Y + tx), (float)(b * p.X + a * p.Y + ty))).ToArray();
        var m = SimilarityTransform.Estimate(src, dst);
        Assert.Equal(a, m[0], 4);
        Assert.Equal(-b, m[1], 4);
        Assert.Equal(tx, m[2], 3);
        Assert.Equal(b, m[3], 4);
        Assert.Equal(a, m[4], 4);
        Assert.Equal(ty, m[5], 3);
    }

    [Fact]
    public void Least_squares_fit_of_noisy_points_stays_close()
    {
        var rng = new Random(1);
        var src = FaceAligner.Template112;
        var dst = src.Select(p => new PointF(2 * p.X + 3 + (float)rng.NextDouble() - .5f, 2 * p.Y - 4 + (float)rng.NextDouble() - .5f)).ToArray();
        var m = SimilarityTransform.Estimate(src, dst);
        Assert.Equal(2, m[0], 1);
        Assert.Equal(0, m[1], 1);
    }

    [Fact]
    public void Degenerate_points_are_refused() =>
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new PointF(1, 1), new PointF(1, 1)], [new PointF(0, 0), new PointF(1, 1)]));
}

public class AlignmentOnRealFacesTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void Aligned_crop_puts_the_detected_eyes_on_the_template()
    {
        using var frame = new ImageFileReader().Read(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0001.jpg"));
        var face = models.Detector.Detect(frame)[0];
        using var crop = new OpenCvSharp.Mat(112, 112, OpenCvSharp.MatType.CV_8UC3);
        FaceAligner.AlignInto(((MatFrame)frame).Image, face.Landmarks, crop);
        // Detect again on the aligned crop (upscaled so the detector sees a normal-sized face).
        using var big = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.CopyMakeBorder(crop, big, 64, 64, 64, 64, OpenCvSharp.BorderTypes.Constant, OpenCvSharp.Scalar.All(0));
        using var again = new MatFrame(big.Clone(), 0, TimeSpan.Zero);
        var found = models.Detector.Detect(again).OrderByDescending(f => f.Score).First();
        Assert.InRange(found.Landmarks.RightEye.X - 64, 38.3 - 4, 38.3 + 4);
        Assert.InRange(found.Landmarks.RightEye.Y - 64, 51.7 - 4, 51.7 + 4);
        Assert.InRange(found.Landmarks.LeftEye.X - 64, 73.5 - 4, 73.5 + 4);
    }
}
