using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Embedding;

/// <summary>A face to embed and the frame it was found in (faces of several frames, or cameras, embedded together).</summary>
public readonly record struct FaceInFrame(IFrame Frame, DetectedFace Face);

/// <summary>Turns aligned faces into the vectors a watchlist is searched with (a port: Vision's ONNX adapter).</summary>
public interface IFaceEmbedder
{
    /// <summary>Identifies the model (name and SHA-256) so enrolments made with another model are refused.</summary>
    string ModelId { get; }

    /// <summary>Numbers per embedding: a watchlist enrolled with another dimension cannot be searched.</summary>
    int Dimension { get; }

    /// <summary>
    /// How many faces one inference call takes best: 1 where each call's fixed cost is small (the CPU), the model's
    /// batch where it is large (a GPU). Above 1, callers gather faces of several frames or cameras into one call.
    /// </summary>
    int PreferredBatch => 1;

    /// <summary>
    /// Aligns and embeds the given faces of a frame (several per inference call). The result holds one
    /// L2-normalised row per face and wipes itself when disposed.
    /// </summary>
    EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces);

    /// <summary>
    /// As <see cref="Embed(IFrame, IReadOnlyList{DetectedFace})"/>, into a batch the caller keeps from frame to frame
    /// (resized to the faces' count): what a stream of frames calls, so that it allocates nothing a frame.
    /// </summary>
    void Embed(IFrame frame, IReadOnlyList<DetectedFace> faces, EmbeddingBatch rows)
    {
        using var batch = Embed(frame, faces);
        rows.Resize(faces.Count);
        batch.CopyRowsTo(rows, 0);
    }

    /// <summary>Embeds faces of several frames, one row each in the order given; by default frame by frame.</summary>
    EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces)
    {
        var result = new EmbeddingBatch(faces.Count, Dimension);
        try
        {
            for (int start = 0; start < faces.Count;)
            {
                int end = start;
                while (end < faces.Count && ReferenceEquals(faces[end].Frame, faces[start].Frame)) end++;
                var ofFrame = new List<DetectedFace>(end - start);
                for (int i = start; i < end; i++) ofFrame.Add(faces[i].Face);
                using var part = Embed(faces[start].Frame, ofFrame);
                part.CopyRowsTo(result, start);
                start = end;
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
