using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;

namespace LfrAudit.Core.Ports;

public interface IFaceEmbedder
{
    /// <summary>Identifies the model (name and SHA-256) so enrolments made with another model are refused.</summary>
    string ModelId { get; }

    int Dimension { get; }

    /// <summary>
    /// Aligns and embeds the given faces of a frame (several per inference call). The result holds one
    /// L2-normalised row per face and wipes itself when disposed.
    /// </summary>
    EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces);
}
