using LfrAudit.Testing;
using System.Numerics.Tensors;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// The GPU path's batches, run here on the CPU provider: faces of several frames aligned into one batch come out
/// as each face does alone. On the CPU the embedder takes one face a call (faster there) unless told otherwise.
/// </summary>
public class EmbedderBatchingTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void Faces_of_several_frames_in_one_batch_embed_as_each_face_alone()
    {
        var spec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var path = SharedData.Models.PathOf(spec);
        using var oneByOne = new OnnxFaceEmbedder(spec, path, new InferenceSettings(IntraOpThreads: 1));
        using var batched = new OnnxFaceEmbedder(spec, path, new InferenceSettings(IntraOpThreads: 1) { BatchOnCpu = true });
        Assert.Equal(1, oneByOne.PreferredBatch);
        Assert.Equal(spec.MaxBatch, batched.PreferredBatch);

        using var source = new VideoFileSource(SharedData.Dataset("videos", "facenet-pytorch_video.mp4"));
        var frames = source.ReadFrames(CancellationToken.None).Where((_, i) => i % 30 == 0).Take(3).ToList();
        try
        {
            var faces = frames.SelectMany(f => models.Detector.Detect(f).Select(d => new FaceInFrame(f, d))).ToList();
            Assert.True(faces.Count > spec.MaxBatch, $"only {faces.Count} faces: the batches would not fill");
            using var together = batched.Embed(faces);
            for (int i = 0; i < faces.Count; i++)
            {
                using var alone = oneByOne.Embed(faces[i].Frame, [faces[i].Face]);
                Assert.True(TensorPrimitives.Dot(alone.Row(0), together.Row(i)) > 0.9999f, $"face {i}");
            }
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }
}
