using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Embedding;

/// <summary>
/// Score-level fusion of several embedders, as one embedder: each part's L2-normalised embedding, scaled by 1/√n,
/// laid end to end. The result is unit length, and the cosine of two fused embeddings is the mean of the parts'
/// cosines, so a watchlist search over fused vectors is a search on the mean score with no change to matching.
/// Models that fail on different faces (measured on real footage: docs/accuracy-footage.md) can then be used
/// together. Every part embeds every face, so a fused call costs the sum of its parts. Not thread-safe (its parts
/// are not): one instance per pipeline stage. The parts are owned and disposed with it.
/// </summary>
public sealed class FusedEmbedder : IFaceEmbedder, IDisposable
{
    private readonly IFaceEmbedder[] _parts;
    private readonly EmbeddingBatch[] _scratch;
    private readonly float _weight;

    /// <summary>Fuses <paramref name="parts"/> (at least two) under the name <paramref name="modelId"/>.</summary>
    public FusedEmbedder(string modelId, IReadOnlyList<IFaceEmbedder> parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        if (parts.Count < 2) throw new ArgumentException("a fusion needs at least two embedders", nameof(parts));
        ModelId = modelId;
        _parts = [.. parts];
        Dimension = _parts.Sum(p => p.Dimension);
        _scratch = [.. _parts.Select(p => new EmbeddingBatch(0, p.Dimension))];
        _weight = 1f / MathF.Sqrt(_parts.Length);
    }

    /// <inheritdoc />
    public string ModelId { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The fused parts, in the order their numbers are laid out.</summary>
    public IReadOnlyList<IFaceEmbedder> Parts => _parts;

    /// <inheritdoc />
    public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) =>
        EmbeddingBatch.Filled(faces.Count, Dimension, (Fused: this, frame, faces), static (rows, s) => s.Fused.Embed(s.frame, s.faces, rows));

    /// <inheritdoc />
    public void Embed(IFrame frame, IReadOnlyList<DetectedFace> faces, EmbeddingBatch rows)
    {
        rows.Resize(faces.Count);
        try
        {
            for (int p = 0; p < _parts.Length; p++) _parts[p].Embed(frame, faces, _scratch[p]);
            Lay(rows, faces.Count);
        }
        finally
        {
            foreach (var s in _scratch) s.Resize(0); // a part's embedding of a non-match must not outlive the call
        }
    }

    /// <inheritdoc />
    public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces) =>
        EmbeddingBatch.Filled(faces.Count, Dimension, (Fused: this, faces), static (rows, s) => s.Fused.EmbedInto(s.faces, rows));

    private void EmbedInto(IReadOnlyList<FaceInFrame> faces, EmbeddingBatch rows)
    {
        var parts = new EmbeddingBatch?[_parts.Length];
        try
        {
            for (int p = 0; p < _parts.Length; p++) parts[p] = _parts[p].Embed(faces);
            for (int i = 0; i < faces.Count; i++) Lay(rows.Row(i), parts, i);
        }
        finally
        {
            foreach (var b in parts) b?.Dispose();
        }
    }

    private void Lay(EmbeddingBatch rows, int count)
    {
        for (int i = 0; i < count; i++) Lay(rows.Row(i), _scratch, i);
    }

    // Each part's row, scaled by 1/√n, at its offset: unit length overall when every part's row is.
    private void Lay(Span<float> row, IReadOnlyList<EmbeddingBatch?> parts, int i)
    {
        int at = 0;
        foreach (var part in parts)
        {
            var from = part!.Row(i);
            for (int k = 0; k < from.Length; k++) row[at + k] = from[k] * _weight;
            at += from.Length;
        }
    }

    /// <summary>Disposes every part and wipes the scratch rows.</summary>
    public void Dispose()
    {
        foreach (var s in _scratch) s.Dispose();
        foreach (var p in _parts) (p as IDisposable)?.Dispose();
    }
}
