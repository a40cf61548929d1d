using System.Buffers;
using System.Numerics.Tensors;

namespace LfrAudit.Core.Matching;

/// <summary>
/// Embeddings of the faces of one frame, one row each, in a pooled buffer. Disposing wipes the buffer before
/// it goes back to the pool: a non-match's embedding must not outlive its search.
/// </summary>
public sealed class EmbeddingBatch : IDisposable
{
    private float[]? _buffer;

    public int Count { get; }
    public int Dimension { get; }

    public EmbeddingBatch(int count, int dimension)
    {
        Count = count;
        Dimension = dimension;
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, count * dimension));
        Array.Clear(_buffer);
    }

    public Span<float> Row(int i)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Count, nameof(i));
        return _buffer.AsSpan(i * Dimension, Dimension);
    }

    /// <summary>The first <paramref name="count"/> rows, one after another (to search a frame's faces in one pass).</summary>
    public ReadOnlySpan<float> Rows(int count)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)Count, nameof(count));
        return _buffer.AsSpan(0, count * Dimension);
    }

    /// <summary>Scales every row to unit length, so a dot product is the cosine similarity.</summary>
    public void NormaliseRows()
    {
        for (int i = 0; i < Count; i++) Normalise(Row(i));
    }

    public static void Normalise(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm > 0 && float.IsFinite(norm)) TensorPrimitives.Divide(v, norm, v);
    }

    public void Dispose()
    {
        var b = _buffer;
        if (b is null) return;
        _buffer = null;
        Array.Clear(b);
        ArrayPool<float>.Shared.Return(b);
    }
}
