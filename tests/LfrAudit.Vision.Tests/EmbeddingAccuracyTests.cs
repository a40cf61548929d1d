using System.Numerics.Tensors;
using LfrAudit.Core.Domain;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Models;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// Regression guard for detection, alignment, preprocessing and the embedder together, on real LFW data.
/// The figures are those measured on 2026-11-23 and written down in docs/threshold.md.
/// </summary>
public class EmbeddingAccuracyTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    private float[] Embed(string relativePath)
    {
        using var frame = new ImageFileReader().Read(SharedData.Dataset("lfw", relativePath));
        // LFW's labelled person is the face nearest the centre; others in the photo are bystanders.
        var face = models.Detector.Detect(frame).Where(QualityGate.Default.Admits)
            .OrderBy(f => Math.Abs(f.Box.X + f.Box.Width / 2 - frame.Width / 2f) + Math.Abs(f.Box.Y + f.Box.Height / 2 - frame.Height / 2f))
            .First();
        using var batch = models.Embedder.Embed(frame, [face]);
        return batch.Row(0).ToArray();
    }

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
        var identities = File.ReadLines(SharedData.Dataset("lfw", "labels.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(c => c[1]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(c => c[0]).Order().ToArray()).ToList();
        Assert.Equal(1680, identities.Count);

        var enrolled = new List<(int Id, float[] E)>();
        var mated = new List<(int Id, float[] E)>();
        var nonMated = new List<float[]>();
        for (int i = 0; i < identities.Count; i++)
        {
            if (i % 2 == 0) { enrolled.Add((i, Embed(identities[i][0]))); mated.Add((i, Embed(identities[i][1]))); }
            else { nonMated.Add(Embed(identities[i][0])); nonMated.Add(Embed(identities[i][1])); }
        }
        (int Id, float Score) Best(float[] probe) =>
            enrolled.Select(e => (e.Id, TensorPrimitives.Dot(probe, e.E))).MaxBy(x => x.Item2);

        int truePositives = mated.Count(m => Best(m.E) is var b && b.Id == m.Id && threshold.IsReachedBy(b.Score));
        int falsePositives = nonMated.Count(p => threshold.IsReachedBy(Best(p).Score));
        double tpir = truePositives / (double)mated.Count, fpir = falsePositives / (double)nonMated.Count;

        // Measured: TPIR 762/840 = 90.7 %, FPIR 1/1,680 at 0.50.
        Assert.True(tpir >= 0.90, $"TPIR {tpir:P2} ({truePositives}/{mated.Count}) fell below the measured 90.7 %");
        Assert.True(falsePositives <= 2, $"FPIR {fpir:P3} ({falsePositives}/{nonMated.Count}) rose above the measured 1/1,680");

        float genuineMean = mated.Average(m => TensorPrimitives.Dot(m.E, enrolled.First(e => e.Id == m.Id).E));
        float impostorMean = nonMated.Take(200).Average(p => enrolled.Take(200).Average(e => TensorPrimitives.Dot(p, e.E)));
        Assert.True(genuineMean > 0.6f && impostorMean < 0.1f, $"genuine mean {genuineMean:F3}, impostor mean {impostorMean:F3}");
    }
}
