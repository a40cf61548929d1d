using System.Collections.Concurrent;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Embedding;

/// <summary>
/// One embedder shared by several cameras' pipelines (a GPU holds one model, not one a camera): each pipeline's
/// call waits while one worker thread gathers the calls waiting at that moment — faces of different cameras and
/// frames — into calls of up to the model's preferred batch, and hands each caller its own rows. A call is never
/// held back for others to arrive: batches form from what is already waiting. Thread-safe; the inner embedder
/// is only ever called from the worker.
/// </summary>
public sealed class SharedEmbedder : IFaceEmbedder, IDisposable
{
    private sealed record Request(IReadOnlyList<FaceInFrame> Faces, TaskCompletionSource<EmbeddingBatch> Result);

    private readonly IFaceEmbedder _inner;
    private readonly BlockingCollection<Request> _waiting = new();
    private readonly Thread _worker;
    private long _calls, _requests;

    /// <summary>Shares <paramref name="inner"/> between cameras, batching their faces into its calls.</summary>
    public SharedEmbedder(IFaceEmbedder inner)
    {
        _inner = inner;
        _worker = new Thread(Work) { IsBackground = true, Name = "shared embedder" };
        _worker.Start();
    }

    /// <inheritdoc/>
    public string ModelId => _inner.ModelId;
    /// <inheritdoc/>
    public int Dimension => _inner.Dimension;
    /// <inheritdoc/>
    public int PreferredBatch => _inner.PreferredBatch;

    /// <summary>Calls made to the inner embedder, and calls answered: fewer of the first is the batching at work.</summary>
    public (long InnerCalls, long Requests) Counts => (Interlocked.Read(ref _calls), Interlocked.Read(ref _requests));

    /// <inheritdoc/>
    public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) =>
        Embed(faces.Select(f => new FaceInFrame(frame, f)).ToList());

    /// <inheritdoc/>
    public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces)
    {
        if (faces.Count == 0) return new EmbeddingBatch(0, Dimension);
        var request = new Request(faces, new TaskCompletionSource<EmbeddingBatch>(TaskCreationOptions.RunContinuationsAsynchronously));
        try { _waiting.Add(request); }
        catch (InvalidOperationException) { throw new ObjectDisposedException(nameof(SharedEmbedder)); }
        return request.Result.Task.GetAwaiter().GetResult();
    }

    private void Work()
    {
        var group = new List<Request>();
        foreach (var first in _waiting.GetConsumingEnumerable())
        {
            group.Clear();
            group.Add(first);
            int faces = first.Faces.Count;
            while (faces < PreferredBatch && _waiting.TryTake(out var next))
            {
                group.Add(next);
                faces += next.Faces.Count;
            }
            Answer(group, faces);
        }
    }

    private void Answer(List<Request> group, int faces)
    {
        var parts = new EmbeddingBatch[group.Count];
        try
        {
            var all = new List<FaceInFrame>(faces);
            foreach (var r in group) all.AddRange(r.Faces);
            // The combined rows are wiped before any caller has its own copy: none of them outlives the answers.
            using (var together = _inner.Embed(all))
            {
                Interlocked.Increment(ref _calls);
                for (int i = 0, at = 0; i < group.Count; at += group[i].Faces.Count, i++)
                    parts[i] = together.Slice(at, group[i].Faces.Count);
            }
        }
        catch (Exception ex)
        {
            foreach (var p in parts) p?.Dispose();
            foreach (var r in group) r.Result.TrySetException(ex);
            return;
        }
        for (int i = 0; i < group.Count; i++)
        {
            Interlocked.Increment(ref _requests);
            group[i].Result.SetResult(parts[i]);
        }
    }

    /// <summary>Stops the worker once the calls already waiting are answered. The inner embedder stays the owner's.</summary>
    public void Dispose()
    {
        _waiting.CompleteAdding();
        _worker.Join();
        _waiting.Dispose();
    }
}
