using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LfrAudit.Recognition.Matching;

/// <summary>
/// An int8 copy of a large watchlist's unit-length templates, for a first pass that reads a quarter of the memory
/// the float templates take: each row is scaled so its largest component is ±127 (its own scale kept), and a
/// probe is scored against it with integer multiply-adds. The pass keeps the best <see cref="Shortlist"/> rows of
/// each probe; those are then scored exactly against the float rows, so the answer is exact whenever the true best
/// row is on the shortlist (the quantisation error, about 0.01 in cosine, is far smaller than the gaps that matter).
/// Several probes (a frame's faces) are scored in one pass, so each row is read from memory once for all of them,
/// and the rows are split across the machine's cores.
/// </summary>
public sealed class QuantizedTemplates
{
    /// <summary>How many rows per probe the first pass hands to the exact one.</summary>
    public const int Shortlist = 32;

    /// <summary>Probes scored together in one pass over the rows.</summary>
    public const int MaxProbes = 8;

    /// <summary>Tests set this to run the portable loop on a machine with AVX2 too.</summary>
    internal static bool PortableOnly { get; set; }

    private readonly sbyte[] _rows;
    private readonly float[] _rowUnscale;
    private Search? _spare; // the last search's working space, kept for the next

    /// <summary>Templates held.</summary>
    public int Count { get; }
    /// <summary>Numbers per template.</summary>
    public int Dimension { get; }

    /// <summary>Bytes held: the int8 rows and a scale per row.</summary>
    public long Bytes => _rows.LongLength + _rowUnscale.LongLength * sizeof(float);

    /// <summary>Quantises <paramref name="rows"/> (unit vectors, <paramref name="dimension"/> numbers each, one after another).</summary>
    public QuantizedTemplates(ReadOnlySpan<float> rows, int dimension)
    {
        if (dimension % 16 != 0) throw new ArgumentException("the dimension must be a multiple of 16", nameof(dimension));
        Dimension = dimension;
        Count = rows.Length / dimension;
        _rows = new sbyte[Count * dimension];
        _rowUnscale = new float[Count];
        for (int r = 0; r < Count; r++) _rowUnscale[r] = Quantize(rows.Slice(r * dimension, dimension), _rows.AsSpan(r * dimension, dimension));
    }

    // Returns what multiplies the integer values back to the float ones.
    private static float Quantize(ReadOnlySpan<float> v, Span<sbyte> q)
    {
        float max = MathF.Abs(TensorPrimitives.MaxMagnitude(v)); // the component of largest magnitude, with its sign
        if (!(max > 0)) { q.Clear(); return 0; }
        float scale = 127f / max;
        for (int i = 0; i < v.Length; i++) q[i] = (sbyte)Math.Clamp(MathF.Round(v[i] * scale), -127, 127);
        return 1f / scale;
    }

    /// <summary>
    /// The best row for each probe (<paramref name="probes"/>: k rows of <see cref="Dimension"/>, k ≤
    /// <see cref="MaxProbes"/>), scored exactly against <paramref name="exactRows"/> after the int8 shortlist.
    /// Thread-safe; allocates nothing once a search has run (its working space is kept for the next one).
    /// </summary>
    public void Best(ReadOnlySpan<float> probes, ReadOnlySpan<float> exactRows, Span<int> bestRow, Span<float> bestScore)
    {
        int k = probes.Length / Dimension;
        if (k < 1 || k > MaxProbes) throw new ArgumentOutOfRangeException(nameof(probes), $"1 to {MaxProbes} probes at a time");
        // Two searches at once (rare) each get working space; the one given back last is kept.
        var search = Interlocked.Exchange(ref _spare, null) ?? new Search(this);
        try
        {
            for (int j = 0; j < k; j++)
            {
                search.ProbeUnscale[j] = Quantize(probes.Slice(j * Dimension, Dimension), search.Quantized);
                for (int i = 0; i < Dimension; i++) search.Widened[j * Dimension + i] = search.Quantized[i];
            }
            int parts = Math.Min(search.Lists.Length, Math.Max(1, Count / 50_000));
            search.Scan(k, parts);

            for (int j = 0; j < k; j++)
            {
                var probe = probes.Slice(j * Dimension, Dimension);
                int best = -1;
                float score = float.NegativeInfinity;
                for (int p = 0; p < parts; p++)
                {
                    var list = search.Lists[p];
                    for (int s = 0; s < list.Found[j]; s++)
                    {
                        int row = list.Rows[j * Shortlist + s];
                        float exact = TensorPrimitives.Dot(probe, exactRows.Slice(row * Dimension, Dimension));
                        if (exact > score || (exact == score && row < best)) { score = exact; best = row; }
                    }
                }
                bestRow[j] = best;
                bestScore[j] = score;
            }
        }
        finally
        {
            search.Wipe();
            Volatile.Write(ref _spare, search);
        }
    }

    /// <summary>One search's working space: the probes quantised and widened, and a set of shortlists for each part of the rows.</summary>
    private sealed class Search
    {
        private readonly QuantizedTemplates _owner;
        private int _k, _parts;

        public readonly short[] Widened;
        public readonly float[] ProbeUnscale = new float[MaxProbes];
        public readonly sbyte[] Quantized;
        public readonly Shortlists[] Lists;

        public Search(QuantizedTemplates owner)
        {
            _owner = owner;
            Widened = new short[MaxProbes * owner.Dimension];
            Quantized = new sbyte[owner.Dimension];
            Lists = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Shortlists(MaxProbes)).ToArray();
        }

        /// <summary>Scans the rows in <paramref name="parts"/> parts into <see cref="Lists"/>: the first here, the others on the helper threads.</summary>
        public void Scan(int k, int parts)
        {
            _k = k;
            _parts = parts;
            if (parts == 1 || !ScanHelpers.TryRun(this, parts))
                for (int p = 0; p < parts; p++) ScanPart(p); // one part, or the helpers busy with another search: all here
        }

        public void ScanPart(int p) =>
            _owner.Scan((int)((long)_owner.Count * p / _parts), (int)((long)_owner.Count * (p + 1) / _parts), Widened, ProbeUnscale, _k, Lists[p]);

        /// <summary>Zeroes the probes' copies: they are faces' embeddings, quantised.</summary>
        public void Wipe()
        {
            Array.Clear(Widened);
            Array.Clear(ProbeUnscale);
            Array.Clear(Quantized);
        }
    }

    /// <summary>
    /// Threads that scan parts of a large watchlist beside the searching thread, one per core but one, started on the
    /// first large search and then idle between searches for the life of the process: unlike work queued on the thread
    /// pool (whose queue grows in segments), handing them a part allocates nothing. One search uses them at a time; a
    /// search that finds them busy (another camera's) scans on its own thread.
    /// </summary>
    private static class ScanHelpers
    {
        private static readonly object Gate = new();
        private static Helper[]? _helpers;

        public static bool TryRun(Search search, int parts)
        {
            if (!Monitor.TryEnter(Gate)) return false;
            try
            {
                var helpers = _helpers ??= Enumerable.Range(0, Math.Max(0, Environment.ProcessorCount - 1)).Select(_ => new Helper()).ToArray();
                int given = Math.Min(parts - 1, helpers.Length);
                for (int h = 0; h < given; h++) helpers[h].Start(search, h + 1);
                Exception? failure = null;
                try
                {
                    search.ScanPart(0);
                    for (int p = given + 1; p < parts; p++) search.ScanPart(p);
                }
                catch (Exception ex) { failure = ex; }
                for (int h = 0; h < given; h++) failure ??= helpers[h].Finish();
                if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                return true;
            }
            finally { Monitor.Exit(Gate); }
        }

        private sealed class Helper
        {
            private readonly ManualResetEventSlim _go = new(false), _done = new(false);
            private Search? _search;
            private int _part;
            private Exception? _failure;

            public Helper() => new Thread(Loop) { IsBackground = true, Name = "watchlist scan" }.Start();

            public void Start(Search search, int part)
            {
                _search = search;
                _part = part;
                _failure = null;
                _done.Reset();
                _go.Set();
            }

            public Exception? Finish()
            {
                _done.Wait();
                _search = null;
                return _failure;
            }

            private void Loop()
            {
                while (true)
                {
                    _go.Wait();
                    _go.Reset();
                    try { _search!.ScanPart(_part); }
                    catch (Exception ex) { _failure = ex; }
                    finally { _done.Set(); }
                }
            }
        }
    }

    /// <summary>The best rows found so far for each probe, worst first kept at the end.</summary>
    private sealed class Shortlists(int probes)
    {
        public readonly int[] Rows = new int[probes * Shortlist];
        public readonly float[] Scores = new float[probes * Shortlist];
        public readonly int[] Found = new int[probes];
        public readonly float[] Floor = new float[probes];

        /// <summary>Empties the lists of the first <paramref name="k"/> probes for a new search.</summary>
        public void Reset(int k)
        {
            Array.Clear(Found, 0, k);
            Floor.AsSpan(0, k).Fill(float.NegativeInfinity);
        }

        public void Offer(int probe, int row, float score)
        {
            if (score <= Floor[probe]) return;
            var rows = Rows.AsSpan(probe * Shortlist, Shortlist);
            var scores = Scores.AsSpan(probe * Shortlist, Shortlist);
            int n = Found[probe];
            int pos = n < Shortlist ? n : Shortlist - 1;
            while (pos > 0 && scores[pos - 1] < score)
            {
                if (pos < Shortlist) { scores[pos] = scores[pos - 1]; rows[pos] = rows[pos - 1]; }
                pos--;
            }
            scores[pos] = score;
            rows[pos] = row;
            if (n < Shortlist) Found[probe] = ++n;
            if (n == Shortlist) Floor[probe] = scores[Shortlist - 1];
        }
    }

    private void Scan(int start, int end, short[] widened, float[] probeUnscale, int k, Shortlists lists)
    {
        lists.Reset(k);
        Span<int> dots = stackalloc int[MaxProbes];
        for (int r = start; r < end; r++)
        {
            var row = _rows.AsSpan(r * Dimension, Dimension);
            Dots(row, widened, k, dots);
            float unscale = _rowUnscale[r];
            for (int j = 0; j < k; j++) lists.Offer(j, r, dots[j] * unscale * probeUnscale[j]);
        }
    }

    // Integer dot products of one row with k probes; AVX2 reads the row once for all of them.
    private void Dots(ReadOnlySpan<sbyte> row, short[] widened, int k, Span<int> dots)
    {
        if (Avx2.IsSupported && !PortableOnly)
        {
            Span<Vector256<int>> acc = stackalloc Vector256<int>[MaxProbes];
            acc[..k].Clear();
            ref sbyte r0 = ref MemoryMarshal.GetReference(row);
            ref short p0 = ref MemoryMarshal.GetArrayDataReference(widened);
            for (int i = 0; i < Dimension; i += 16)
            {
                var r16 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r0, (nuint)i));
                for (int j = 0; j < k; j++)
                    acc[j] = Avx2.Add(acc[j], Avx2.MultiplyAddAdjacent(r16, Vector256.LoadUnsafe(ref p0, (nuint)(j * Dimension + i))));
            }
            for (int j = 0; j < k; j++) dots[j] = Vector256.Sum(acc[j]);
            return;
        }
        for (int j = 0; j < k; j++)
        {
            int sum = 0;
            var p = widened.AsSpan(j * Dimension, Dimension);
            for (int i = 0; i < Dimension; i++) sum += row[i] * p[i];
            dots[j] = sum;
        }
    }
}
