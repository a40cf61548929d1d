using LfrAudit.Testing;
using System.Numerics.Tensors;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// The open-set search docs/threshold.md derives each model's default threshold from, on LFW in ../shared/datasets:
/// 1,680 identities with two photos, the 840 even-numbered enrolled with their first photo (mated searches: their
/// second), the other 840 identities' two photos each as 1,680 non-mated searches. A mated search is a hit only when the
/// best candidate is the right person.
/// </summary>
public sealed class LfwOpenSet
{
    private readonly List<(int Id, float[] E)> _enrolled = [];
    private readonly List<(int Id, float[] E)> _mated = [];
    private readonly List<float[]> _nonMated = [];

    public int Mated => _mated.Count;
    public int NonMated => _nonMated.Count;

    internal static LfwOpenSet Measure(YuNetDetector detector, LfrAudit.Recognition.Embedding.IFaceEmbedder embedder)
    {
        var identities = File.ReadLines(SharedData.Dataset("lfw", "labels.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(c => c[1]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(c => c[0]).Order().ToArray()).ToList();
        var set = new LfwOpenSet();
        float[] Embed(string relativePath)
        {
            using var frame = new ImageFileReader().Read(SharedData.Dataset("lfw", relativePath));
            // LFW's labelled person is the face nearest the centre; others in the photo are bystanders.
            var face = detector.Detect(frame).Where(QualityGate.Default.Admits)
                .OrderBy(f => Math.Abs(f.Box.X + f.Box.Width / 2 - frame.Width / 2f) + Math.Abs(f.Box.Y + f.Box.Height / 2 - frame.Height / 2f))
                .First();
            using var batch = embedder.Embed(frame, [face]);
            return batch.Row(0).ToArray();
        }
        for (int i = 0; i < identities.Count; i++)
        {
            if (i % 2 == 0) { set._enrolled.Add((i, Embed(identities[i][0]))); set._mated.Add((i, Embed(identities[i][1]))); }
            else { set._nonMated.Add(Embed(identities[i][0])); set._nonMated.Add(Embed(identities[i][1])); }
        }
        return set;
    }

    private (int Id, float Score) Best(float[] probe) => _enrolled.Select(e => (e.Id, TensorPrimitives.Dot(probe, e.E))).MaxBy(x => x.Item2);

    /// <summary>Hits among the mated searches and false alerts among the non-mated, at the threshold.</summary>
    public (int Hits, int FalseAlerts) At(Threshold threshold) =>
        (_mated.Count(m => Best(m.E) is var b && b.Id == m.Id && threshold.IsReachedBy(b.Score)), _nonMated.Count(p => threshold.IsReachedBy(Best(p).Score)));

    /// <summary>docs/threshold.md's rule: the lowest threshold in steps of 0.05 whose FPIR is at most 1 in 1,000.</summary>
    public double DerivedThreshold() =>
        Enumerable.Range(6, 15).Select(i => Math.Round(i * 0.05, 2)).First(t => At(new Threshold(t)).FalseAlerts <= NonMated / 1000.0);

    public string Table() => string.Join("\n", Enumerable.Range(6, 9).Select(i => Math.Round(i * 0.05, 2)).Select(t =>
    {
        var (hits, fa) = At(new Threshold(t));
        return FormattableString.Invariant($"| {t:0.00} | {100.0 * hits / Mated:0.00} % ({hits}/{Mated}) | {100.0 * fa / NonMated:0.000} % ({fa}/{NonMated}) |");
    }));

    /// <summary>
    /// Measures <paramref name="embedder"/> on the open set and holds it to what docs/threshold.md records for the model
    /// <paramref name="spec"/> names: its threshold is the one the rule derives, and there it finds at least
    /// <paramref name="minHits"/> mated searches with at most <paramref name="maxFalseAlerts"/> false alerts. The table is
    /// written to the test's output (and to $LFR_THRESHOLD_TABLE, to copy into the docs).
    /// </summary>
    internal static void HoldsItsDerivedThreshold(ModelSpec spec, LfrAudit.Recognition.Embedding.IFaceEmbedder embedder, int minHits, int maxFalseAlerts,
        Xunit.Abstractions.ITestOutputHelper output)
    {
        var detectorSpec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        using var detector = new YuNetDetector(detectorSpec, ModelFileCheck.RequireOk(detectorSpec, SharedData.Models), new InferenceSettings(IntraOpThreads: 2));
        var lfw = Measure(detector, embedder);
        output.WriteLine(lfw.Table());
        output.WriteLine($"derived {lfw.DerivedThreshold():0.00}; genuine mean {lfw.GenuineMean():0.000}, impostor mean {lfw.ImpostorMean():0.000}");
        if (Environment.GetEnvironmentVariable("LFR_THRESHOLD_TABLE") is { Length: > 0 } file)
            File.WriteAllText(file, lfw.Table() + $"\nderived {lfw.DerivedThreshold():0.00}\n");

        Assert.Equal(spec.Threshold, lfw.DerivedThreshold());
        var (hits, falseAlerts) = lfw.At(new Threshold(spec.Threshold!.Value));
        Assert.True(hits >= minHits, $"TPIR {hits}/{lfw.Mated} fell below the measured {minHits}");
        Assert.True(falseAlerts <= maxFalseAlerts, $"FPIR {falseAlerts}/{lfw.NonMated} rose above the measured {maxFalseAlerts}");
    }

    public float GenuineMean() => _mated.Average(m => TensorPrimitives.Dot(m.E, _enrolled.First(e => e.Id == m.Id).E));
    public float ImpostorMean() => _nonMated.Take(200).Average(p => _enrolled.Take(200).Average(e => TensorPrimitives.Dot(p, e.E)));
}
