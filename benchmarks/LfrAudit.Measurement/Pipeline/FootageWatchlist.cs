using System.Numerics.Tensors;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>
/// The people a clip shows, as a watchlist, so that a live benchmark on cameras looping that clip has someone to alert:
/// the clip's clear faces (detector score 0.9, at least 48 pixels) are embedded and grouped, a face joining the person it
/// is most like if that is at the model's threshold, else starting a new one; people whose largest faces still match at
/// the end are one person; each is enrolled once from their largest face. Random entries fill the watchlist to
/// <see cref="Size"/>, as a force's watchlist holds far more people than pass any one camera.
/// </summary>
public static class FootageWatchlist
{
    /// <summary>Entries in the watchlist, the clip's people first.</summary>
    public const int Size = 1000;

    private const float ClearScore = 0.9f, ClearSize = 48;

    /// <summary>The watchlist entry of the clip's <paramref name="person"/>th person (from 1); the random fill's ids never look like it.</summary>
    public static string EntryOf(int person) => $"F-{person:D3}";

    /// <summary>The watchlist of <paramref name="clip"/>'s people, filled to <see cref="Size"/>, and how many people it found.</summary>
    public static (EnrolledWatchlist Watchlist, int People) FromClip(RecognitionModels models, string clip, DateTimeOffset at, CancellationToken cancellation,
        int everyNthFrame = 3)
    {
        float same = (float)models.DefaultThreshold.Value;
        var people = new List<(float[] Embedding, float Size)>();
        using (var source = new VideoFileSource(clip))
            foreach (var frame in source.ReadFrames(cancellation))
                using (frame)
                {
                    if (frame.Index % everyNthFrame != 0) continue;
                    var faces = models.Detector.Detect(frame).Where(f => f.Score >= ClearScore && Math.Min(f.Box.Width, f.Box.Height) >= ClearSize).ToList();
                    if (faces.Count == 0) continue;
                    using var rows = models.FaceEmbedder.Embed(frame, faces);
                    for (int i = 0; i < faces.Count; i++)
                        Join(people, rows.Row(i).ToArray(), Math.Min(faces[i].Box.Width, faces[i].Box.Height), same);
                }
        cancellation.ThrowIfCancellationRequested();
        // A person's largest face may have come to match another's: one person, not two entries that split their alerts.
        for (bool merged = true; merged;)
        {
            merged = false;
            for (int a = 0; a < people.Count && !merged; a++)
                for (int b = a + 1; b < people.Count && !merged; b++)
                    if (TensorPrimitives.CosineSimilarity(people[a].Embedding, people[b].Embedding) >= same)
                    {
                        if (people[b].Size > people[a].Size) people[a] = people[b];
                        people.RemoveAt(b);
                        merged = true;
                    }
        }
        if (people.Count == 0) throw new LfrInputException($"{FileKind.Show(clip)}: no clear face (detector score {ClearScore}, {ClearSize} pixels or more) to make a watchlist of");
        if (people.Count > Size) throw new LfrInputException($"{FileKind.Show(clip)}: {people.Count} people, more than a watchlist of {Size}");

        var random = PipelineBenchmark.RandomWatchlist(models.FaceEmbedder, at);
        var entries = people.Select((_, i) => new WatchlistEntry(new WatchlistEntryId(EntryOf(i + 1)), WatchlistCategory.WantedSeriousOffence,
            "bench: a face of the clip", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, "bench", people[i].Embedding)).ToList();
        return (new EnrolledWatchlist("bench-footage", models.FaceEmbedder.ModelId, models.FaceEmbedder.Dimension, at,
            [.. entries, .. random.Entries.Take(Size - people.Count)], [.. templates, .. random.Templates.Take(Size - people.Count)]), people.Count);
    }

    // The face joins the person it is most like, at the threshold; a larger face of them becomes their template.
    private static void Join(List<(float[] Embedding, float Size)> people, float[] face, float size, float same)
    {
        int best = -1;
        float bestScore = same;
        for (int p = 0; p < people.Count; p++)
        {
            float score = TensorPrimitives.CosineSimilarity(people[p].Embedding, face);
            if (score >= bestScore) { best = p; bestScore = score; }
        }
        if (best < 0) people.Add((face, size));
        else if (size > people[best].Size) people[best] = (face, size);
    }
}
