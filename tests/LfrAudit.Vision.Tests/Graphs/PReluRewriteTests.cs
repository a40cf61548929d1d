using LfrAudit.Testing;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Catalogue.Graphs;
using Microsoft.ML.OnnxRuntime;

namespace LfrAudit.Vision.Tests.Graphs;

/// <summary>
/// The PRelu rewrite changes how fast a model runs, never what it computes: on generated tensors, slopes and
/// special values, and on the real embedder with real faces.
/// </summary>
public class PReluRewriteTests
{
    // Ordinary values, and the classes that break naive rewrites: signed zeros, subnormals, huge, infinite, NaN.
    private static readonly Gen<float> Activations = Gen.OneOf(
        Gen.Choose(-100_000, 100_000).Select(i => i / 1000f),
        Gen.Elements(0f, -0f, float.Epsilon, -float.Epsilon, 1e-39f, -1e-39f, float.MaxValue, float.MinValue,
            3e38f, -3e38f, float.PositiveInfinity, float.NegativeInfinity, float.NaN));

    private static readonly Gen<float> Slopes = Gen.OneOf(
        Gen.Choose(-30_000, 30_000).Select(i => i / 1000f),
        Gen.Elements(0f, -0f, 1f, -1f, float.Epsilon, 1e-39f, 1e30f, -1e30f, float.MaxValue, float.MinValue));

    [Fact]
    public void A_rewritten_PRelu_gives_the_same_values_as_ONNX_Runtimes_own_for_any_slopes_and_inputs()
    {
        var cases = from c in Gen.Choose(1, 9)
                    from h in Gen.Choose(1, 5)
                    from w in Gen.Choose(1, 5)
                    from slopes in Gen.ArrayOf(Slopes, c)
                    from x in Gen.ArrayOf(Activations, c * h * w)
                    from asFloatData in Gen.Elements(false, true)
                    select (c, h, w, slopes, x, asFloatData);
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var published = TinyOnnxModel.PRelu(t.c, t.h, t.w, t.slopes, t.asFloatData);
            var rewrite = PReluRewrite.Apply(published);
            Assert.Equal(1, rewrite.Changes);
            var expected = Run(published, t.x, [1, t.c, t.h, t.w]);
            var actual = Run(rewrite.Model, t.x, [1, t.c, t.h, t.w]);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(expected[i] == actual[i] || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                    $"element {i}: x {t.x[i]:R}, PRelu {expected[i]:R}, rewritten {actual[i]:R}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(80));
    }

    [Fact]
    public void Slopes_that_are_not_finite_are_left_to_ONNX_Runtimes_PRelu()
    {
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var model = TinyOnnxModel.PRelu(3, 2, 2, [0.25f, bad, -1f]);
            var rewrite = PReluRewrite.Apply(model);
            Assert.Equal(0, rewrite.Changes);
            Assert.Same(model, rewrite.Model);
        }
    }

    [Fact]
    public void Any_bytes_that_are_not_a_model_come_back_unchanged_for_ONNX_Runtime_to_name_the_problem()
    {
        var model = TinyOnnxModel.PRelu(2, 2, 2, [0.5f, -2f]);
        var blobs = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
            // A real model cut short anywhere, or with one byte changed.
            Gen.Choose(0, model.Length).Select(n => model[..n]),
            from at in Gen.Choose(0, model.Length - 1) from b in Gen.Choose(0, 255)
            select model.Select((old, i) => i == at ? (byte)b : old).ToArray());
        Prop.ForAll(blobs.ToArbitrary(), bytes =>
        {
            var rewrite = PReluRewrite.Apply(bytes);
            return ReferenceEquals(bytes, rewrite.Model) || rewrite.Changes == 1;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Any_message_read_and_written_back_unchanged_is_the_same_bytes()
    {
        var fields = Gen.OneOf(
            from n in Gen.Choose(1, 5000) from v in ArbMap.Default.GeneratorFor<ulong>() select ProtoField.Varint(n, v),
            from n in Gen.Choose(1, 5000) from v in ArbMap.Default.GeneratorFor<uint>() select ProtoField.Fixed32(n, v),
            from n in Gen.Choose(1, 5000) from s in ArbMap.Default.GeneratorFor<string>() select ProtoField.Text(n, s ?? ""));
        Prop.ForAll(Gen.ListOf(fields).ToArbitrary(), list =>
        {
            var bytes = new ProtoMessage(list).ToByteArray();
            return ProtoMessage.Parse(bytes).ToByteArray().AsSpan().SequenceEqual(bytes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void The_real_embedder_gives_the_same_embeddings_of_real_faces_with_and_without_the_rewrite()
    {
        var detectorSpec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var embedderSpec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var settings = new InferenceSettings(IntraOpThreads: 1);
        using var detector = new Detection.YuNetDetector(detectorSpec, SharedData.Models.PathOf(detectorSpec), settings);
        using var rewritten = new OnnxFaceEmbedder(embedderSpec, SharedData.Models.PathOf(embedderSpec), settings);
        using var published = new OnnxFaceEmbedder(embedderSpec, SharedData.Models.PathOf(embedderSpec), settings with { RewriteGraphs = false });
        Assert.True(rewritten.RewrittenNodes > 0);
        Assert.Equal(0, published.RewrittenNodes);

        using var source = new VideoFileSource(SharedData.Dataset("videos", "facenet-pytorch_video.mp4"));
        int compared = 0;
        foreach (var frame in source.ReadFrames(CancellationToken.None).Where((_, i) => i % 25 == 0).Take(4))
        {
            using (frame)
            {
                var faces = detector.Detect(frame);
                using var a = rewritten.Embed(frame, faces);
                using var b = published.Embed(frame, faces);
                for (int i = 0; i < faces.Count; i++, compared++)
                    Assert.True(a.Row(i).SequenceEqual(b.Row(i)), $"face {i}: the embeddings differ");
            }
        }
        Assert.True(compared >= 10, $"only {compared} faces compared");
    }

    private static float[] Run(byte[] model, float[] x, long[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var outputs = session.Run(new RunOptions(), ["x"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
