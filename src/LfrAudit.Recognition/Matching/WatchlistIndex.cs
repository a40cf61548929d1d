using System.Numerics.Tensors;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Embedding;

namespace LfrAudit.Recognition.Matching;

/// <summary>
/// Exact search of a probe against every reference embedding of a watchlist: the templates sit in one
/// contiguous row-major matrix and are scored with SIMD dot products (rows are unit length, so dot = cosine).
/// An entry with several reference images scores as its best one. From <see cref="QuantizeFrom"/> templates on, a
/// search first shortlists with an int8 copy (<see cref="QuantizedTemplates"/>) and then scores the shortlist exactly.
/// </summary>
public sealed class WatchlistIndex
{
    /// <summary>The size from which the int8 first pass pays for itself (below it the exact scan is as fast).</summary>
    public const int QuantizeFrom = 20_000;

    private readonly float[] _templates;
    private readonly QuantizedTemplates? _quantized;
    private readonly int[] _entryOfTemplate;
    private readonly WatchlistEntry[] _entries;

    /// <summary>Numbers per template.</summary>
    public int Dimension { get; }
    /// <summary>Entries searched.</summary>
    public int EntryCount => _entries.Length;
    /// <summary>Templates searched (an entry may have several).</summary>
    public int TemplateCount => _entryOfTemplate.Length;

    /// <summary>An index over an enrolled watchlist's templates.</summary>
    public WatchlistIndex(EnrolledWatchlist watchlist)
        : this(watchlist.Dimension, watchlist.Entries, watchlist.Templates.Select(t => (t.Entry, (ReadOnlyMemory<float>)t.Embedding)))
    {
    }

    /// <summary>
    /// An index over the entries of <paramref name="watchlist"/> not yet expired at <paramref name="at"/> (a run's start):
    /// an entry whose approval has lapsed is not searched at all, so it can neither alert nor hide an entry in force that
    /// the same face also resembles.
    /// </summary>
    public static WatchlistIndex NotExpiredAt(EnrolledWatchlist watchlist, DateTimeOffset at)
    {
        var entries = watchlist.Entries.Where(e => at < e.ExpiresAt).ToList();
        var kept = entries.Select(e => e.Id).ToHashSet();
        return new WatchlistIndex(watchlist.Dimension, entries,
            watchlist.Templates.Where(t => kept.Contains(t.Entry)).Select(t => (t.Entry, (ReadOnlyMemory<float>)t.Embedding)));
    }

    /// <summary>An index over these entries and templates (a benchmark's synthetic watchlist, or a test's).</summary>
    public WatchlistIndex(int dimension, IReadOnlyList<WatchlistEntry> entries, IEnumerable<(WatchlistEntryId Entry, ReadOnlyMemory<float> Embedding)> templates)
    {
        Dimension = dimension;
        _entries = entries.ToArray();
        var indexOf = new Dictionary<WatchlistEntryId, int>(_entries.Length);
        for (int i = 0; i < _entries.Length; i++) indexOf.Add(_entries[i].Id, i);

        var list = templates.ToList();
        _templates = new float[list.Count * dimension];
        _entryOfTemplate = new int[list.Count];
        for (int t = 0; t < list.Count; t++)
        {
            var (entry, embedding) = list[t];
            if (embedding.Length != dimension)
                throw new LfrInputException($"watchlist template for '{entry}' has {embedding.Length} values, expected {dimension}");
            if (!indexOf.TryGetValue(entry, out int e))
                throw new LfrInputException($"watchlist template refers to unknown entry '{entry}'");
            var row = _templates.AsSpan(t * dimension, dimension);
            embedding.Span.CopyTo(row);
            EmbeddingBatch.Normalise(row);
            _entryOfTemplate[t] = e;
        }
        if (list.Count >= QuantizeFrom && dimension % 16 == 0) _quantized = new QuantizedTemplates(_templates, dimension);
    }

    /// <summary>Bytes the search holds: the float templates and, for a large watchlist, their int8 copy.</summary>
    public long Bytes => _templates.LongLength * sizeof(float) + (_quantized?.Bytes ?? 0);

    /// <summary>The entry at this position of the index.</summary>
    public WatchlistEntry Entry(int entryIndex) => _entries[entryIndex];

    /// <summary>The best-scoring entry, or null for an empty watchlist.</summary>
    public Candidate? Best(ReadOnlySpan<float> probe)
    {
        CheckProbe(probe);
        if (_quantized is null) return BestExact(probe);
        Span<int> row = stackalloc int[1];
        Span<float> score = stackalloc float[1];
        _quantized.Best(probe, _templates, row, score);
        return Found(row[0], score[0]);
    }

    /// <summary>
    /// The best entry for each of several probes (a frame's faces: <paramref name="probes"/> holds them one after
    /// another), reading a large watchlist once per <see cref="QuantizedTemplates.MaxProbes"/> probes.
    /// </summary>
    public void Best(ReadOnlySpan<float> probes, Span<Candidate?> results)
    {
        int k = probes.Length / Dimension;
        if (probes.Length != k * Dimension || results.Length < k) throw new ArgumentException($"probes of {Dimension} values each, and a result for each", nameof(probes));
        if (_quantized is null)
        {
            for (int j = 0; j < k; j++) results[j] = BestExact(probes.Slice(j * Dimension, Dimension));
            return;
        }
        Span<int> rows = stackalloc int[QuantizedTemplates.MaxProbes];
        Span<float> scores = stackalloc float[QuantizedTemplates.MaxProbes];
        for (int first = 0; first < k; first += QuantizedTemplates.MaxProbes)
        {
            int n = Math.Min(QuantizedTemplates.MaxProbes, k - first);
            _quantized.Best(probes.Slice(first * Dimension, n * Dimension), _templates, rows, scores);
            for (int j = 0; j < n; j++) results[first + j] = Found(rows[j], scores[j]);
        }
    }

    private Candidate? Found(int template, float score) =>
        template < 0 ? null : new Candidate(_entryOfTemplate[template], _entries[_entryOfTemplate[template]].Id, score);

    /// <summary>The best entry by scoring every template in full (what the int8 first pass is measured against).</summary>
    public Candidate? BestExact(ReadOnlySpan<float> probe)
    {
        CheckProbe(probe);
        var templates = _templates.AsSpan();
        int bestTemplate = -1;
        float bestScore = float.NegativeInfinity;
        for (int t = 0; t < _entryOfTemplate.Length; t++)
        {
            float score = TensorPrimitives.Dot(probe, templates.Slice(t * Dimension, Dimension));
            if (score > bestScore) { bestScore = score; bestTemplate = t; }
        }
        if (bestTemplate < 0) return null;
        int entry = _entryOfTemplate[bestTemplate];
        return new Candidate(entry, _entries[entry].Id, bestScore);
    }

    private void CheckProbe(ReadOnlySpan<float> probe)
    {
        if (probe.Length != Dimension)
            throw new ArgumentException($"probe has {probe.Length} values, the watchlist {Dimension}", nameof(probe));
    }

    /// <summary>Fills <paramref name="results"/> with the best distinct entries, best first; returns how many.</summary>
    public int TopK(ReadOnlySpan<float> probe, Span<Candidate> results)
    {
        CheckProbe(probe);
        int k = results.Length, found = 0;
        if (k == 0) return 0;
        var templates = _templates.AsSpan();
        for (int t = 0; t < _entryOfTemplate.Length; t++)
        {
            float score = TensorPrimitives.Dot(probe, templates.Slice(t * Dimension, Dimension));
            if (found == k && score <= results[k - 1].Score) continue;
            int entry = _entryOfTemplate[t];
            found = Insert(results, found, new Candidate(entry, _entries[entry].Id, score));
        }
        return found;
    }

    // Keeps results sorted by score, one slot per entry (an entry keeps its best template's score).
    private static int Insert(Span<Candidate> results, int found, Candidate c)
    {
        for (int i = 0; i < found; i++)
        {
            if (results[i].EntryIndex != c.EntryIndex) continue;
            if (c.Score <= results[i].Score) return found;
            results.Slice(i + 1, found - i - 1).CopyTo(results.Slice(i));
            found--;
            break;
        }
        int pos = found;
        while (pos > 0 && results[pos - 1].Score < c.Score) pos--;
        int end = Math.Min(found, results.Length - 1);
        if (pos >= results.Length) return found;
        results.Slice(pos, end - pos).CopyTo(results.Slice(pos + 1));
        results[pos] = c;
        return Math.Min(found + 1, results.Length);
    }
}
