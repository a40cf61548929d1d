using LfrAudit.Testing;
using System.Numerics.Tensors;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// Regression guard for detection, alignment, preprocessing and the embedder together, on real LFW data.
/// The figures are those measured on 2026-11-23 and written down in docs/threshold.md.
/// </summary>
public class EmbeddingAccuracyTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void Embeddings_are_unit_length_and_identical_alone_or_in_a_batch()
    {
        using var frame = new ImageFileReader().Read(SharedData.Dataset("deepface", "images", "couple.jpg"));
        var faces = models.Detector.Detect(frame).Where(QualityGate.Default.Admits).ToList();
        Assert.True(faces.Count >= 2);
        using var together = models.Embedder.Embed(frame, faces);
        for (int i = 0; i < faces.Count; i++)
        {
            using var alone = models.Embedder.Embed(frame, [faces[i]]);
            Assert.Equal(1f, TensorPrimitives.Norm(alone.Row(0)), 3);
            Assert.True(TensorPrimitives.Dot(alone.Row(0), together.Row(i)) > 0.9999f);
        }
        Assert.True(TensorPrimitives.Dot(together.Row(0), together.Row(1)) < 0.5f, "two different people");
    }

    [Fact]
    public void Greyscale_images_are_embedded_like_colour_ones()
    {
        // face_api_bbt crops are single-channel PNGs; the reader expands them to BGR.
        using var frame = new ImageFileReader().Read(SharedData.Dataset("face_api_bbt", "images", "sheldon", "sheldon1.png"));
        Assert.Equal(3, ((MatFrame)frame).Image.Channels());
        var faces = models.Detector.Detect(frame);
        Assert.NotEmpty(faces);
        using var batch = models.Embedder.Embed(frame, [faces[0]]);
        Assert.Equal(1f, TensorPrimitives.Norm(batch.Row(0)), 3);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Open_set_search_on_lfw_meets_the_measured_tpir_and_fpir_at_the_default_threshold()
    {
        var threshold = new Threshold(ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder).Threshold!.Value);
        var lfw = LfwOpenSet.Measure(models.Detector, models.Embedder);
        Assert.Equal((840, 1680), (lfw.Mated, lfw.NonMated));
        var (truePositives, falsePositives) = lfw.At(threshold);
        double tpir = truePositives / (double)lfw.Mated, fpir = falsePositives / (double)lfw.NonMated;

        // Measured: TPIR 762/840 = 90.7 %, FPIR 1/1,680 at 0.50.
        Assert.True(tpir >= 0.90, $"TPIR {tpir:P2} ({truePositives}/{lfw.Mated}) fell below the measured 90.7 %");
        Assert.True(falsePositives <= 2, $"FPIR {fpir:P3} ({falsePositives}/{lfw.NonMated}) rose above the measured 1/1,680");
        Assert.Equal(threshold.Value, lfw.DerivedThreshold());

        float genuineMean = lfw.GenuineMean(), impostorMean = lfw.ImpostorMean();
        Assert.True(genuineMean > 0.6f && impostorMean < 0.1f, $"genuine mean {genuineMean:F3}, impostor mean {impostorMean:F3}");
    }
}
