using LfrAudit.Testing;
using System.Numerics.Tensors;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Baselines;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// The OpenCV runtime 'lfr bench' compares against does the same work as ours, so the ratios compare like with
/// like: it finds the same faces on the same frame and gives the same embeddings of them.
/// </summary>
public class OpenCvDnnBaselineTests
{
    [Fact]
    public void OpenCv_finds_the_same_faces_and_embeds_them_as_our_runtime_does()
    {
        var detectorSpec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var embedderSpec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var settings = new InferenceSettings(IntraOpThreads: 1);
        using var detector = new Detection.YuNetDetector(detectorSpec, SharedData.Models.PathOf(detectorSpec), settings);
        using var embedder = new Embedding.OnnxFaceEmbedder(embedderSpec, SharedData.Models.PathOf(embedderSpec), settings);
        using var baseline = new OpenCvDnnBaselines(SharedData.Models.PathOf(detectorSpec), SharedData.Models.PathOf(embedderSpec), embedderSpec);
        using var source = new VideoFileSource(SharedData.Dataset("videos", "facenet-pytorch_video.mp4"));
        using var frame = source.ReadFrames(CancellationToken.None).Skip(20).First();

        var faces = detector.Detect(frame).Where(QualityGate.Default.Admits).ToList();
        Assert.True(faces.Count >= 3);
        Assert.InRange(baseline.Detect(frame), faces.Count - 1, detector.Detect(frame).Count + 1);
        using var ours = embedder.Embed(frame, faces);
        for (int i = 0; i < faces.Count; i++)
            Assert.True(TensorPrimitives.Dot(ours.Row(i), baseline.Embed(frame, faces[i])) > 0.99f, $"face {i}");
    }
}
