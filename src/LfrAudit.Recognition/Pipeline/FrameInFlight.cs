using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// One frame on its way through the pipeline's stages, with what each stage finds in it: the detections, the
/// tracked selection, the faces to embed and their embedding rows. Once the frame is matched, the frame is disposed
/// (its pixels wiped), the rows wiped, and the object goes back to its <see cref="FramesInFlight"/> for a later
/// frame, so a stream of frames allocates nothing once the pipeline is full.
/// </summary>
internal sealed class FrameInFlight(int dimension) : IDisposable
{
    private IFrame? _frame;

    public IFrame Frame => _frame ?? throw new InvalidOperationException("no frame is in flight here");
    // Room for a crowd from the start: whichever object carries the busiest frame, its lists need not grow then.
    private const int Faces = 32;

    public List<DetectedFace> Detections { get; } = new(Faces);
    public TrackedSelection Selection { get; } = new();
    /// <summary>The selected faces, in the order of <see cref="TrackedSelection.Search"/>, as the embedder takes them.</summary>
    public List<DetectedFace> ToEmbed { get; } = new(Faces);
    /// <summary>One row per face to search; wiped as soon as the frame has been matched.</summary>
    public EmbeddingBatch Rows { get; } = WithRoom(dimension);

    public void Carry(IFrame frame) => _frame = frame;

    private static EmbeddingBatch WithRoom(int dimension)
    {
        var rows = new EmbeddingBatch(Faces, dimension);
        rows.Resize(0);
        return rows;
    }

    /// <summary>Disposes the frame, wipes the rows and empties the lists: nothing of this frame is left.</summary>
    public void Release()
    {
        var frame = _frame;
        _frame = null;
        try { frame?.Dispose(); }
        finally
        {
            Rows.Resize(0); // every row zeroed; none held
            Detections.Clear();
            Selection.Clear();
            ToEmbed.Clear();
        }
    }

    public void Dispose()
    {
        try { Release(); }
        finally { Rows.Dispose(); }
    }
}
