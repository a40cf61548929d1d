namespace LfrAudit.Evaluation.ImageSets;

/// <summary>
/// Embeddings of evaluation images keyed by (image SHA-256, model id), one small file each, so re-running a
/// sweep costs seconds. "No face" is cached too. Only labelled research images pass through here — never
/// live footage, whose non-matches must not be stored.
/// </summary>
public sealed class EmbeddingCache(string folder, string modelId)
{
    private readonly string _dir = Path.Combine(folder, string.Concat(modelId.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_')));

    /// <summary>The cached embedding of an image (null: no searchable face); false if none is cached or the file is damaged.</summary>
    public bool TryGet(string imageSha256, out float[]? embedding)
    {
        var path = PathOf(imageSha256);
        embedding = null;
        if (!File.Exists(path)) return false;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) return true; // cached "no searchable face"
        if (bytes.Length % 4 != 0) return false;
        embedding = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, embedding, 0, bytes.Length);
        return true;
    }

    /// <summary>Caches an image's embedding (null: it has no searchable face).</summary>
    public void Put(string imageSha256, float[]? embedding)
    {
        var path = PathOf(imageSha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = embedding is null ? [] : new byte[embedding.Length * 4];
        if (embedding is not null) Buffer.BlockCopy(embedding, 0, bytes, 0, bytes.Length);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true); // a killed run never leaves a half-written entry
    }

    private string PathOf(string sha) => Path.Combine(_dir, sha[..2], sha + ".f32");
}
