using BenchmarkDotNet.Attributes;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Benchmarks;

/// <summary>
/// A frame's faces (6) searched against a watchlist of N entries: the exact scan of every template, one probe at a
/// time, against the index's own search (for N ≥ 20,000 the int8 first pass and exact re-rank, all probes in one pass).
/// </summary>
[MemoryDiagnoser]
public class WatchlistSearchBenchmarks
{
    private const int Dim = 128, FaceCount = 6;
    private WatchlistIndex _index = null!;
    private float[] _probes = null!;
    private readonly Candidate?[] _results = new Candidate?[FaceCount];

    [Params(10_000, 100_000, 1_000_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(Entries);
        var entries = Enumerable.Range(0, Entries).Select(i => new WatchlistEntry(new WatchlistEntryId($"E-{i}"), WatchlistCategory.WantedSeriousOffence,
            "bench", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        _index = new WatchlistIndex(Dim, entries, entries.Select(e => (e.Id, (ReadOnlyMemory<float>)Unit(rng))));
        _probes = Enumerable.Range(0, FaceCount).SelectMany(_ => Unit(rng)).ToArray();
    }

    private static float[] Unit(Random rng)
    {
        var v = new float[Dim];
        for (int i = 0; i < Dim; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        EmbeddingBatch.Normalise(v);
        return v;
    }

    [Benchmark(Baseline = true)]
    public float ExactOneAtATime()
    {
        float sum = 0;
        for (int j = 0; j < FaceCount; j++) sum += _index.BestExact(_probes.AsSpan(j * Dim, Dim))?.Score ?? 0;
        return sum;
    }

    [Benchmark]
    public float IndexSearchOfTheFrame()
    {
        _index.Best(_probes, _results);
        float sum = 0;
        foreach (var r in _results) sum += r?.Score ?? 0;
        return sum;
    }
}
