using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Core.Tests;

/// <summary>The int8 first pass of a large watchlist's search, against the exact scan it stands in for.</summary>
public class QuantizedSearchTests
{
    private const int Dim = 128;

    private static float[] Unit(Random rng, int n)
    {
        var v = new float[n * Dim];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int r = 0; r < n; r++) EmbeddingBatch.Normalise(v.AsSpan(r * Dim, Dim));
        return v;
    }

    private static (int Row, float Score) Exact(float[] rows, ReadOnlySpan<float> probe)
    {
        int best = -1;
        float score = float.NegativeInfinity;
        for (int r = 0; r < rows.Length / Dim; r++)
        {
            float s = TensorPrimitives.Dot(probe, rows.AsSpan(r * Dim, Dim));
            if (s > score) (best, score) = (r, s);
        }
        return (best, score);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_probe_with_a_mate_finds_exactly_what_the_full_scan_finds_and_any_probe_comes_within_the_quantisation_error(bool portable)
    {
        QuantizedTemplates.PortableOnly = portable;
        try { Check(); }
        finally { QuantizedTemplates.PortableOnly = false; }
    }

    private static void Check()
    {
        var cases = Gen.Choose(50, 3000).SelectMany(n => Gen.Choose(1, QuantizedTemplates.MaxProbes).SelectMany(k => Gen.Choose(0, int.MaxValue).Select(seed => (n, k, seed))));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new Random(c.seed);
            var rows = Unit(rng, c.n);
            var q = new QuantizedTemplates(rows, Dim);
            // Half the probes are a row seen again (noise added: cosine about 0.6-0.9), half are strangers.
            var probes = Unit(rng, c.k);
            for (int j = 0; j < c.k; j += 2)
            {
                int mate = rng.Next(c.n);
                var p = probes.AsSpan(j * Dim, Dim);
                for (int i = 0; i < Dim; i++) p[i] = rows[mate * Dim + i] + (float)(rng.NextDouble() - 0.5) * 0.12f;
                EmbeddingBatch.Normalise(p);
            }
            var best = new int[c.k];
            var score = new float[c.k];
            q.Best(probes, rows, best, score);
            for (int j = 0; j < c.k; j++)
            {
                var probe = probes.AsSpan(j * Dim, Dim);
                var exact = Exact(rows, probe);
                if (score[j] != TensorPrimitives.Dot(probe, rows.AsSpan(best[j] * Dim, Dim))) return false.Label("the score is the exact one of the row returned");
                if (j % 2 == 0 && best[j] != exact.Row) return false.Label($"mate probe {j}: row {best[j]}, exact {exact.Row}");
                if (score[j] < exact.Score - 0.02f) return false.Label($"stranger {j}: {score[j]} vs exact {exact.Score}");
            }
            return true.Label("ok");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_large_watchlist_answers_one_probe_or_a_frames_worth_the_same_as_the_exact_scan()
    {
        var rng = new Random(5);
        int n = WatchlistIndex.QuantizeFrom + 123;
        var rows = Unit(rng, n);
        var entries = Enumerable.Range(0, n / 2).Select(i => new WatchlistEntry(new WatchlistEntryId($"E-{i}"), WatchlistCategory.CourtWarrant, "s", "a",
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        // Two templates an entry (the last entry takes the odd one): an entry scores as its best.
        var index = new WatchlistIndex(Dim, entries, Enumerable.Range(0, n).Select(r => (entries[Math.Min(r / 2, entries.Count - 1)].Id, (ReadOnlyMemory<float>)rows.AsMemory(r * Dim, Dim))));
        Assert.True(index.Bytes > (long)n * Dim * 4, "the int8 copy is held beside the floats");
        var probes = new float[11 * Dim];
        for (int j = 0; j < 11; j++)
        {
            int mate = rng.Next(n);
            for (int i = 0; i < Dim; i++) probes[j * Dim + i] = rows[mate * Dim + i] + (float)(rng.NextDouble() - 0.5) * 0.1f;
            EmbeddingBatch.Normalise(probes.AsSpan(j * Dim, Dim));
        }
        var batch = new Candidate?[11];
        index.Best(probes, batch);
        for (int j = 0; j < 11; j++)
        {
            var exact = index.BestExact(probes.AsSpan(j * Dim, Dim));
            Assert.Equal(exact, batch[j]);
            Assert.Equal(exact, index.Best(probes.AsSpan(j * Dim, Dim)));
        }
    }
}
