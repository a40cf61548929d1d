using System.Numerics.Tensors;
using LfrAudit.Core.Domain;
using LfrAudit.Vision.Frames;
using Xunit.Abstractions;

namespace LfrAudit.Vision.Tests;

public class CalibrationScratch(ModelFixture models, ITestOutputHelper output) : IClassFixture<ModelFixture>
{
    private float[]? Embed(string path, out int faces)
    {
        using var f = new ImageFileReader().Read(path);
        var all = models.Detector.Detect(f);
        var gate = QualityGate.Default;
        var ok = all.Where(gate.Admits).ToList();
        faces = ok.Count;
        if (ok.Count == 0) return null;
        // the labelled person is the face nearest the centre
        var c = ok.OrderBy(x => Math.Abs(x.Box.X + x.Box.Width / 2 - f.Width / 2f) + Math.Abs(x.Box.Y + x.Box.Height / 2 - f.Height / 2f)).First();
        using var b = models.Embedder.Embed(f, [c]);
        return b.Row(0).ToArray();
    }

    [Fact]
    public void Calibrate()
    {
        var lines = File.ReadAllLines(SharedData.Dataset("lfw", "labels.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var ids = lines.GroupBy(l => l[1]).OrderBy(g => g.Key).ToList();
        var enrolled = new List<(string id, float[] e)>();
        var mated = new List<(string id, float[] e)>();
        var nonMated = new List<float[]>();
        int noFace = 0, multi = 0, total = 0;
        for (int i = 0; i < ids.Count; i++)
        {
            var imgs = ids[i].OrderBy(l => l[0]).ToList();
            var e1 = Embed(SharedData.Dataset("lfw", imgs[0][0]), out int n1);
            var e2 = Embed(SharedData.Dataset("lfw", imgs[1][0]), out int n2);
            total += 2; if (n1 == 0) noFace++; if (n2 == 0) noFace++; if (n1 > 1) multi++; if (n2 > 1) multi++;
            if (i % 2 == 0) { if (e1 != null) enrolled.Add((ids[i].Key, e1)); if (e2 != null) mated.Add((ids[i].Key, e2)); else mated.Add((ids[i].Key, null!)); }
            else { if (e1 != null) nonMated.Add(e1); if (e2 != null) nonMated.Add(e2); }
        }
        var crowd = new List<float[]>();
        int crowdNoFace = 0, crowdTotal = 0;
        foreach (var ds in new[] { "fairface", "utkface" })
            foreach (var l in File.ReadAllLines(SharedData.Dataset(ds, "labels.csv")).Skip(1).Select(l => l.Split(',')))
            {
                crowdTotal++;
                var e = Embed(SharedData.Dataset(ds, l[0]), out int n);
                if (e == null) crowdNoFace++; else crowd.Add(e);
            }
        output.WriteLine($"lfw images {total}, no face {noFace}, multi {multi}; crowd {crowdTotal} no face {crowdNoFace}");
        (string id, float s) Best(float[] p) { var best = ("", -2f); foreach (var (id, e) in enrolled) { var s = TensorPrimitives.Dot(p, e); if (s > best.Item2) best = (id, s); } return best; }
        var matedRes = mated.Select(m => m.e == null ? (ok: false, s: -2f) : (ok: Best(m.e).id == m.id, s: Best(m.e).s)).ToList();
        var nonLfw = nonMated.Select(p => Best(p).s).ToList();
        var nonCrowd = crowd.Select(p => Best(p).s).ToList();
        foreach (var t in new[] { 0.25f, 0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.55f, 0.6f })
        {
            double tpir = matedRes.Count(r => r.ok && r.s >= t) / (double)matedRes.Count;
            double fpirL = nonLfw.Count(s => s >= t) / (double)nonLfw.Count;
            double fpirC = nonCrowd.Count(s => s >= t) / (double)nonCrowd.Count;
            output.WriteLine($"t={t:F2} TPIR {tpir:P2} ({matedRes.Count}) FPIR lfw {fpirL:P3} ({nonLfw.Count}) crowd {fpirC:P3} ({nonCrowd.Count}) enrolled {enrolled.Count}");
        }
        var all = nonLfw.Concat(nonCrowd).OrderByDescending(s => s).ToList();
        output.WriteLine($"top non-mated scores: {string.Join(", ", all.Take(12).Select(s => s.ToString("F3")))}");
    }
}
