using LfrAudit.Testing;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Quality;
using OpenCvSharp;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// The sharpness measure over the frame's pixels gives what OpenCV's own BGR2GRAY, INTER_AREA resize to 64×64 and
/// Laplacian give (the oracle below) on real faces of every size, and ranks a blurred face below its sharp self.
/// </summary>
public class SharpnessTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    private static float OpenCvOracle(Mat image, BoxF face)
    {
        int x0 = Math.Clamp((int)face.X, 0, image.Width), y0 = Math.Clamp((int)face.Y, 0, image.Height);
        int x1 = Math.Clamp((int)Math.Ceiling(face.Right), 0, image.Width), y1 = Math.Clamp((int)Math.Ceiling(face.Bottom), 0, image.Height);
        using var crop = new Mat(image, new Rect(x0, y0, x1 - x0, y1 - y0));
        using var grey = new Mat();
        using var small = new Mat();
        using var edges = new Mat();
        Cv2.CvtColor(crop, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.Resize(grey, small, new Size(64, 64), interpolation: InterpolationFlags.Area);
        Cv2.Laplacian(small, edges, MatType.CV_32F);
        Cv2.MeanStdDev(edges, out _, out var std);
        return (float)(std.Val0 * std.Val0);
    }

    [Fact]
    public void Real_faces_of_every_size_measure_as_OpenCV_measures_them()
    {
        using var sharpness = new LaplacianSharpness();
        using var source = new VideoFileSource(SharedData.Dataset("videos", "facenet-pytorch_video.mp4"));
        int compared = 0, smallFaces = 0;
        foreach (var frame in source.ReadFrames(CancellationToken.None).Where((_, i) => i % 10 == 0))
            using (frame)
            {
                foreach (var face in models.Detector.Detect(frame))
                {
                    float ours = sharpness.Sharpness(frame, face.Box), theirs = OpenCvOracle(MatFrame.Pixels(frame), face.Box);
                    // A face larger than 64 px is averaged down as INTER_AREA does: equal but for rounding (within 1 %).
                    // Smaller ones are sampled up, where INTER_AREA interpolates: within 10 %.
                    bool shrunk = face.Box.Width >= 64 && face.Box.Height >= 64;
                    float tolerance = shrunk ? 0.01f : 0.1f;
                    Assert.True(Math.Abs(ours - theirs) <= tolerance * theirs + 1, $"frame {frame.Index}, face {face.Box}: {ours} against OpenCV's {theirs}");
                    compared++;
                    if (!shrunk) smallFaces++;
                }
            }
        Assert.True(compared >= 30 && smallFaces > 0, $"{compared} faces compared, {smallFaces} under 64 px");
    }

    [Fact]
    public void A_blurred_face_is_less_sharp_than_itself_and_a_face_off_the_frame_is_zero()
    {
        using var sharpness = new LaplacianSharpness();
        using var frame = new ImageFileReader().Read(SharedData.Dataset("lfw", "images", "George_W_Bush", "George_W_Bush_0001.jpg"));
        var face = models.Detector.Detect(frame).First();
        using var blurred = new Mat();
        Cv2.GaussianBlur(MatFrame.Pixels(frame), blurred, new Size(9, 9), 3);
        using var blurredFrame = new MatFrame(blurred.Clone(), 0, TimeSpan.Zero);
        Assert.True(sharpness.Sharpness(blurredFrame, face.Box) < 0.5f * sharpness.Sharpness(frame, face.Box));
        Assert.Equal(0, sharpness.Sharpness(frame, new BoxF(-500, -500, 100, 100)));
        Assert.Equal(0, sharpness.Sharpness(frame, new BoxF(float.NaN, 0, 10, 10)));
    }
}
