using System.Buffers;
using System.Numerics.Tensors;

namespace LfrAudit.Recognition.Embedding;

/// <summary>
/// Embeddings of the faces of one frame, one row each, in a pooled buffer. Disposing wipes the buffer before
/// it goes back to the pool: a non-match's embedding must not outlive its search. The pipeline keeps one batch per
/// frame in flight and resizes it for each frame (<see cref="Resize"/>), wiping it as soon as the frame's faces
/// are searched, so a steady stream of frames allocates no new batches.
/// </summary>
public sealed class EmbeddingBatch : IDisposable
{
    private float[]? _buffer;

    /// <summary>Faces in the batch: one row each.</summary>
    public int Count { get; private set; }
    /// <summary>Numbers per embedding: the model's dimension.</summary>
    public int Dimension { get; }

    /// <summary>A batch of <paramref name="count"/> zero rows of <paramref name="dimension"/> numbers, in a pooled buffer.</summary>
    public EmbeddingBatch(int count, int dimension)
    {
        Count = count;
        Dimension = dimension;
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, count * dimension));
        Array.Clear(_buffer);
    }

    /// <summary>
    /// A new batch of <paramref name="count"/> rows, filled by <paramref name="fill"/> (with <paramref name="state"/>, so a
    /// static lambda captures nothing); if filling fails the batch is wiped and given back before the failure goes on.
    /// </summary>
    public static EmbeddingBatch Filled<TState>(int count, int dimension, TState state, Action<EmbeddingBatch, TState> fill)
    {
        var batch = new EmbeddingBatch(count, dimension);
        try
        {
            fill(batch, state);
            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>Wipes every row, then holds <paramref name="count"/> zero rows (a larger buffer is rented if needed).</summary>
    public void Resize(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var b = _buffer;
        ObjectDisposedException.ThrowIf(b is null, this);
        if (b.Length < count * Dimension)
        {
            Array.Clear(b);
            ArrayPool<float>.Shared.Return(b);
            _buffer = null;
            b = ArrayPool<float>.Shared.Rent(count * Dimension);
            _buffer = b;
        }
        Array.Clear(b);
        Count = count;
    }

    /// <summary>The i-th face's embedding, in place (valid until the batch is resized or disposed).</summary>
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

    /// <summary>Copies every row into <paramref name="target"/>, from its row <paramref name="at"/> on.</summary>
    public void CopyRowsTo(EmbeddingBatch target, int at)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(target.Dimension, Dimension, nameof(target));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(at + Count, target.Count, nameof(at));
        for (int i = 0; i < Count; i++) Row(i).CopyTo(target.Row(at + i));
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as a batch of their own.</summary>
    public EmbeddingBatch Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)(start + count), (uint)Count, nameof(count));
        var part = new EmbeddingBatch(count, Dimension);
        for (int i = 0; i < count; i++) Row(start + i).CopyTo(part.Row(i));
        return part;
    }

    /// <summary>Scales every row to unit length, so a dot product is the cosine similarity.</summary>
    public void NormaliseRows()
    {
        for (int i = 0; i < Count; i++) Normalise(Row(i));
    }

    /// <summary>Scales a vector to unit length in place (a zero or non-finite one is left as it is).</summary>
    public static void Normalise(Span<float> v)
    {
        float norm = TensorPrimitives.Norm(v);
        if (norm > 0 && float.IsFinite(norm)) TensorPrimitives.Divide(v, norm, v);
    }

    /// <summary>Wipes the buffer and returns it to the pool.</summary>
    public void Dispose()
    {
        var b = _buffer;
        if (b is null) return;
        _buffer = null;
        Array.Clear(b);
        ArrayPool<float>.Shared.Return(b);
    }
}
