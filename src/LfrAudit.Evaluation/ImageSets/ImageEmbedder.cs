using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Evaluation.ImageSets;

/// <summary>
/// One embedding per labelled image: the searchable face nearest the image centre (labelled sets centre
/// their subject; others in the photo are bystanders), through the same detector, gate and embedder as
/// live recognition. Cached by image hash and model.
/// </summary>
public sealed class ImageEmbedder(IReferenceImageReader reader, IFaceDetector detector, IFaceEmbedder embedder, QualityGate gate, EmbeddingCache cache)
{
    /// <summary>An image's embedding, or why it has none.</summary>
    /// <param name="Sha256">The image file's SHA-256.</param>
    /// <param name="Embedding">The face's embedding; null when no searchable face was found.</param>
    /// <param name="Problem">Why the image could not be read, if it could not.</param>
    public sealed record Result(string Sha256, float[]? Embedding, string? Problem);

    /// <summary>The embedding of the image at <paramref name="path"/>, from the cache when it holds it.</summary>
    public Result Embed(string path)
    {
        byte[] bytes;
        try { bytes = ImageLimits.ReadBytes(path); }
        catch (LfrInputException ex) { return new Result("", null, ex.Message); }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (cache.TryGet(sha, out var cached)) return new Result(sha, cached, null);
        IFrame frame;
        try { frame = reader.Read(path); }
        catch (LfrInputException ex) { return new Result(sha, null, ex.Message); }
        using (frame)
        {
            var faces = detector.Detect(frame).Where(gate.Admits)
                .OrderBy(f => Math.Abs(f.Box.X + f.Box.Width / 2 - frame.Width / 2f) + Math.Abs(f.Box.Y + f.Box.Height / 2 - frame.Height / 2f));
            float[]? embedding = null;
            foreach (var face in faces.Take(1)) // the face nearest the middle, if any
            {
                using var batch = embedder.Embed(frame, [face]);
                embedding = batch.Row(0).ToArray();
            }
            cache.Put(sha, embedding);
            return new Result(sha, embedding, null);
        }
    }
}
