using LfrAudit.Testing;
using System.Text;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Looking for biometric data where it must not be: a clip of people on no watchlist, the exact embeddings the
/// run computes of them, and a scan of any file for those embeddings, images and the people's names.
/// </summary>
public static class PrivacyScan
{
    public static readonly string[] NotEnrolled =
        ["Tony_Blair", "Jennifer_Aniston", "Vladimir_Putin", "Gerhard_Schroeder", "Kofi_Annan", "Arnold_Schwarzenegger", "Ariel_Sharon", "John_Howard"];

    /// <summary>Four pairs of real faces on no watchlist, each pair in view 1.2 s (longer than a track is remembered, so each pair is its own people).</summary>
    public static string WriteCrowdOfStrangers(string clip)
    {
        SyntheticClip.Write(clip, NotEnrolled.Chunk(2).Select(pair => new ClipScene(
            pair.Select(n => (SharedData.Dataset("lfw", "images", n, $"{n}_0001.jpg"), n)).ToList(), 12)).ToList(), 960, 540, 10, 260);
        return clip;
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static List<string> Traces(string file, List<float[]> probes)
    {
        var bytes = File.ReadAllBytes(file);
        var found = new List<string>();
        for (int i = 0; i < probes.Count; i++)
            if (bytes.AsSpan().IndexOf(Bytes(probes[i])[..32]) >= 0) found.Add($"embedding {i}");
        if (HasJpegStart(bytes)) found.Add("a JPEG image");
        if (bytes.AsSpan().IndexOf(PngSignature) >= 0) found.Add("a PNG image");
        var text = Encoding.UTF8.GetString(bytes);
        found.AddRange(NotEnrolled.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"identity {n}"));
        return found;
    }

    /// <summary>
    /// A JPEG's start as encoders write it: the start-of-image marker, then a header segment's marker whose stated length
    /// lands on the next marker. The three marker bytes alone turn up by chance in sealed (random-looking) evidence about
    /// once in 16 million positions, often enough to fail a scan of a store holding a few hundred kilobytes of it.
    /// </summary>
    public static bool HasJpegStart(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> soi = [0xFF, 0xD8, 0xFF];
        for (int at = bytes.IndexOf(soi); at >= 0; at = Next(bytes, soi, at))
        {
            if (at + 6 > bytes.Length) return false;
            var marker = bytes[at + 3];
            var isHeader = marker is >= 0xE0 and <= 0xEF or 0xDB or 0xC0 or 0xC2 or 0xC4 or 0xFE;
            var next = at + 4 + (bytes[at + 4] << 8 | bytes[at + 5]);
            if (isHeader && next < bytes.Length && bytes[next] == 0xFF) return true;
        }
        return false;
    }

    private static int Next(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> needle, int after)
    {
        var found = bytes[(after + 1)..].IndexOf(needle);
        return found < 0 ? -1 : after + 1 + found;
    }

    public static byte[] Bytes(float[] v)
    {
        var b = new byte[v.Length * 4];
        Buffer.BlockCopy(v, 0, b, 0, b.Length);
        return b;
    }

    public static List<float[]> FaceEmbeddings(string clip)
    {
        // One thread per model, as lfr run uses on a single source, for bit-identical results.
        using var models = RecognitionModels.Open(SharedData.Models, new ModelChoice(ThreadsPerModel: 1));
        var (detector, embedder) = (models.Detector, models.FaceEmbedder);
        using var source = VisionAdapters.OpenVideo(clip);
        var all = new List<float[]>();
        foreach (var frame in source.ReadFrames(CancellationToken.None))
            using (frame)
            {
                var faces = detector.Detect(frame).Where(QualityGate.Default.Admits).ToList();
                if (faces.Count == 0) continue;
                using var batch = embedder.Embed(frame, faces);
                for (int i = 0; i < faces.Count; i++) all.Add(batch.Row(i).ToArray());
            }
        return all;
    }

    /// <summary>Where any of <paramref name="needles"/> occurs in a file (a destroyed key, say).</summary>
    public static List<string> Occurrences(string file, IReadOnlyList<byte[]> needles, string what)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file); }
        catch (IOException) { return []; } // a file the server removed while we looked
        return needles.Select((n, i) => (n, i)).Where(x => bytes.AsSpan().IndexOf(x.n) >= 0).Select(x => $"{what} {x.i}").ToList();
    }
}
