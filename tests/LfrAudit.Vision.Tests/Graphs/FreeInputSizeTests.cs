using LfrAudit.Testing;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Catalogue.Graphs;

namespace LfrAudit.Vision.Tests.Graphs;

/// <summary>
/// The detector fed a 1080p frame on a 640×384 canvas (its graph's input size freed) finds the faces it finds on
/// the 640×640 canvas the file declares, in the same places.
/// </summary>
public class FreeInputSizeTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void A_scaled_down_frame_on_the_tight_canvas_gives_the_faces_of_the_square_one()
    {
        var spec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var path = SharedData.Models.PathOf(spec);
        var settings = new InferenceSettings(IntraOpThreads: 1);
        using var tight = new YuNetDetector(spec, path, settings);
        using var square = new YuNetDetector(spec, path, settings with { RewriteGraphs = false });
        using var source = new VideoFileSource(SharedData.Dataset("videos", "facenet-pytorch_video.mp4"));
        int compared = 0, matched = 0;
        foreach (var frame in source.ReadFrames(CancellationToken.None).Where((_, i) => i % 7 == 0))
            using (frame)
            {
                var a = tight.Detect(frame).Where(QualityGate.Default.Admits).ToList();
                var b = square.Detect(frame).Where(QualityGate.Default.Admits).ToList();
                Assert.Equal((640, 384), tight.CanvasSize);
                Assert.Equal((640, 640), square.CanvasSize);
                foreach (var face in b)
                {
                    compared++;
                    if (a.Count == 0) continue;
                    var same = a.MaxBy(f => f.Box.IntersectionOverUnion(face.Box));
                    if (same.Box.IntersectionOverUnion(face.Box) < 0.8f) continue;
                    // Landmarks within 3 px at full resolution: one pixel of the 1/3-scale canvas.
                    Assert.True(Distance(same.Landmarks.RightEye, face.Landmarks.RightEye) < 3f, $"frame {frame.Index}: eyes moved");
                    matched++;
                }
            }
        Assert.True(compared >= 30, $"only {compared} faces compared");
        Assert.True(matched >= compared * 0.95, $"{matched} of {compared} searchable faces found in the same place");
    }

    [Fact]
    public void A_four_d_input_is_freed_and_bytes_that_do_not_read_are_left_as_they_are()
    {
        var model = TinyOnnxModel.PRelu(3, 1, 1, [0.5f, 0.5f, 0.5f]);
        Assert.Equal(1, FreeInputSize.Apply(model).Changes);
        var cut = model[..10];
        Assert.Same(cut, FreeInputSize.Apply(cut).Model);
    }

    private static float Distance(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
