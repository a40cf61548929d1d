using System.Numerics.Tensors;
using LfrAudit.Recognition.Detection;
using LfrAudit.Testing;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// The scene kept with an alert shows where the matched person is and identifies no one else: measured with the real
/// embedder on a real photograph of two people. The matched face, taken from the scene, is still theirs; the other face,
/// whether the detector found it (pixelated) or missed it (blurred with everything outside the person), no longer is.
/// </summary>
public sealed class SceneEvidenceTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void The_matched_person_stays_recognisable_and_the_other_face_does_not_found_or_missed()
    {
        using var frame = new ImageFileReader().Read(SharedData.Dataset("deepface", "images", "couple.jpg"));
        var faces = models.Detector.Detect(frame).Where(QualityGate.Default.Admits).OrderBy(f => f.Box.X).ToList();
        Assert.True(faces.Count >= 2, $"{faces.Count} faces found in the couple");
        var (matched, other) = (faces[0], faces[1]);
        using var original = models.Embedder.Embed(frame, [matched, other]);
        var encoder = VisionAdapters.Evidence;

        foreach (var (others, said) in new[] { (new[] { other.Box }, "found"), ([], "missed") })
        {
            var jpeg = encoder.EncodeScene(frame, matched.Box, others);
            using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);
            Assert.True(Math.Max(decoded.Width, decoded.Height) <= 640, $"scene {decoded.Width}x{decoded.Height}");
            Assert.True(jpeg.Length < 200_000, $"scene {jpeg.Length} bytes");
            // Back at the frame's size, so the faces are where the detector found them, and embedded as a probe is.
            using var back = new Mat();
            Cv2.Resize(decoded, back, ((MatFrame)frame).Image.Size(), interpolation: InterpolationFlags.Linear);
            using var sceneFrame = new MatFrame(back.Clone(), 0, TimeSpan.Zero);
            using var fromScene = models.Embedder.Embed(sceneFrame, [matched, other]);
            float self = TensorPrimitives.Dot(original.Row(0), fromScene.Row(0));
            float bystander = TensorPrimitives.Dot(original.Row(1), fromScene.Row(1));
            Assert.True(self >= 0.5f, $"the matched face in the scene ({said}) scores {self:F3} against itself: the operator could not tell who it is");
            Assert.True(bystander < 0.3f, $"the other face in the scene ({said}) still scores {bystander:F3} against itself: it identifies them");
        }
    }

    [Fact]
    public void A_face_the_detector_found_beside_the_person_is_pixelated_where_the_person_is_kept_sharp()
    {
        // Two real faces, one where the other's body would be: inside the region the scene keeps sharp.
        using var above = Cv2.ImRead(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0001.jpg"));
        using var below = Cv2.ImRead(SharedData.Dataset("lfw", "images", "George_W_Bush", "George_W_Bush_0001.jpg"));
        using var canvas = new Mat(new Size(500, 600), MatType.CV_8UC3, Scalar.All(90));
        using (var top = new Mat(canvas, new Rect(125, 0, 250, 250))) above.CopyTo(top);
        using (var bottom = new Mat(canvas, new Rect(125, 260, 250, 250))) below.CopyTo(bottom);
        using var frame = new MatFrame(canvas.Clone(), 0, TimeSpan.Zero);
        var faces = models.Detector.Detect(frame).Where(QualityGate.Default.Admits).OrderBy(f => f.Box.Y).ToList();
        Assert.True(faces.Count >= 2, $"{faces.Count} faces found");
        var (matched, other) = (faces[0], faces[1]);
        using var original = models.Embedder.Embed(frame, [matched, other]);
        using var decoded = Cv2.ImDecode(VisionAdapters.Evidence.EncodeScene(frame, matched.Box, [other.Box]), ImreadModes.Color);
        Assert.Equal((500, 600), (decoded.Width, decoded.Height)); // small enough already: not scaled
        using var sceneFrame = new MatFrame(decoded.Clone(), 0, TimeSpan.Zero);
        using var fromScene = models.Embedder.Embed(sceneFrame, [matched, other]);
        float self = TensorPrimitives.Dot(original.Row(0), fromScene.Row(0)), bystander = TensorPrimitives.Dot(original.Row(1), fromScene.Row(1));
        Assert.True(self >= 0.8f, $"the matched face scores {self:F3} against itself in the scene");
        Assert.True(bystander < 0.3f, $"the face beside them scores {bystander:F3} against itself in the scene: it identifies them");
    }

    [Fact]
    public void A_box_at_or_past_the_frames_edges_still_gives_a_scene()
    {
        using var frame = new ImageFileReader().Read(SharedData.Dataset("deepface", "images", "couple.jpg"));
        var image = ((MatFrame)frame).Image;
        var encoder = VisionAdapters.Evidence;
        foreach (var box in new[] { new BoxF(-50, -50, 100, 100), new BoxF(image.Width - 10, image.Height - 10, 500, 500), new BoxF(0, 0, 1, 1) })
        {
            var jpeg = encoder.EncodeScene(frame, box, [new BoxF(image.Width + 10, 0, 50, 50), box]);
            using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);
            Assert.False(decoded.Empty());
        }
    }
}
