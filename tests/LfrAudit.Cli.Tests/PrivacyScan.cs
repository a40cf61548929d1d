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

    public static List<string> Traces(string file, List<float[]> probes)
    {
        var bytes = File.ReadAllBytes(file);
        var found = new List<string>();
        for (int i = 0; i < probes.Count; i++)
            if (bytes.AsSpan().IndexOf(Bytes(probes[i])[..32]) >= 0) found.Add($"embedding {i}");
        if (bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xD8, (byte)0xFF]) >= 0) found.Add("a JPEG image");
        if (bytes.AsSpan().IndexOf([(byte)0x89, (byte)'P', (byte)'N', (byte)'G']) >= 0) found.Add("a PNG image");
        var text = Encoding.UTF8.GetString(bytes);
        found.AddRange(NotEnrolled.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"identity {n}"));
        return found;
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
