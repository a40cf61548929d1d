using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Testing;

namespace LfrAudit.Core.Tests;

/// <summary>
/// Score-level fusion laid out as one embedder: for any faces, its rows are unit length and the cosine of two of them is
/// the mean of the parts' cosines, whether a frame's faces or several frames' are embedded; the parts' rows are wiped.
/// (On real faces with both real models: Vision.Tests' FusionTests.)
/// </summary>
public sealed class FusedEmbedderTests
{
    // A second embedder that sees faces differently from FakeEmbedder (squared, shifted, reversed), so the two parts'
    // cosines differ and a wrong layout or weight shows.
    private sealed class OtherView(int dimension) : IFaceEmbedder
    {
        private readonly FakeEmbedder _inner = new(dimension);
        public string ModelId => "other@000000000000";
        public int Dimension => dimension;
        public List<EmbeddingBatch> Handed { get; } = [];

        public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) => Look(_inner.Embed(frame, faces));
        public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces) => Look(_inner.Embed(faces));

        private EmbeddingBatch Look(EmbeddingBatch batch)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var row = batch.Row(i);
                for (int k = 0; k < row.Length; k++) row[k] = row[k] * row[k] + 0.1f * k;
                row.Reverse();
            }
            batch.NormaliseRows();
            Handed.Add(batch);
            return batch;
        }
    }

    private static readonly Gen<float[]> Faces =
        Gen.Choose(-1000, 1000).Select(v => v / 100f).ArrayOf(4).Where(v => v.Any(x => Math.Abs(x) > 0.05f));

    [Fact]
    public void Its_cosine_is_the_mean_of_its_parts_and_its_rows_are_unit_length()
    {
        Prop.ForAll(Faces.ArrayOf().Where(f => f.Length is >= 2 and <= 6).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (faces, acrossFrames) =>
        {
            var a = new FakeEmbedder(4);
            var b = new OtherView(4);
            using var fused = new FusedEmbedder("fused@000000000000", [a, b]);
            var frame = new FakeFrame(0, TimeSpan.Zero, [.. faces.Select(f => new FakeFace(f))]);
            var detected = new FakeDetector().Detect(frame);
            using var rows = acrossFrames ? fused.Embed([.. detected.Select(d => new FaceInFrame(frame, d))]) : fused.Embed(frame, detected);
            using var x = a.Embed(frame, detected);
            using var y = b.Embed(frame, detected);
            bool ok = rows.Dimension == 8 && rows.Count == faces.Length;
            for (int i = 0; i < faces.Length; i++)
            {
                ok &= Math.Abs(TensorPrimitives.Norm(rows.Row(i)) - 1) < 1e-4;
                for (int j = i + 1; j < faces.Length; j++)
                {
                    float mean = (TensorPrimitives.Dot(x.Row(i), x.Row(j)) + TensorPrimitives.Dot(y.Row(i), y.Row(j))) / 2;
                    ok &= Math.Abs(TensorPrimitives.Dot(rows.Row(i), rows.Row(j)) - mean) < 1e-4;
                }
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_fusion_of_fewer_than_two_is_refused_and_its_dimension_is_the_sum()
    {
        Assert.Throws<ArgumentException>(() => new FusedEmbedder("one@000000000000", [new FakeEmbedder(4)]));
        using var fused = new FusedEmbedder("three@000000000000", [new FakeEmbedder(4), new OtherView(4), new FakeEmbedder(4)]);
        Assert.Equal(12, fused.Dimension);
        var frame = new FakeFrame(0, TimeSpan.Zero, new FakeFace([1, 2, 3, 4]));
        using var rows = fused.Embed(frame, new FakeDetector().Detect(frame));
        Assert.Equal(1, TensorPrimitives.Norm(rows.Row(0)), 4);
    }
}
