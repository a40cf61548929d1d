using System.Numerics.Tensors;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>
/// The people a clip shows, as a watchlist, so that a live benchmark on cameras looping that clip has someone to alert:
/// every frame's faces are tracked, so that the faces of one walker are one person however unlike each other they look
/// (a head turned away scores below the threshold against the same head facing the camera); tracks whose mean clear
/// face matches another's at the model's threshold are one person too (someone hidden for a moment). Each person is
/// enrolled once, from their largest clear face (detector score 0.9, at least 48 pixels); tracks with no clear face are
/// nobody the watchlist could hold. Random entries fill the watchlist to <see cref="Size"/>, as a force's watchlist
/// holds far more people than pass any one camera.
/// </summary>
public static class FootageWatchlist
{
    /// <summary>Entries in the watchlist, the clip's people first.</summary>
    public const int Size = 1000;

    private const float ClearScore = 0.9f, ClearSize = 48;

    /// <summary>The watchlist entry of the clip's <paramref name="person"/>th person (from 1); the random fill's ids never look like it.</summary>
    public static string EntryOf(int person) => $"F-{person:D3}";

    // One person's clear faces: the sum of their embeddings (for the mean), the largest face's embedding and its size.
    private sealed class Person(int dimension)
    {
        public readonly float[] Sum = new float[dimension];
        public float[] Largest = [];
        public float Size;

        public void Add(float[] face, float size)
        {
            TensorPrimitives.Add(Sum, face, Sum);
            if (size > Size) (Largest, Size) = (face, size);
        }

        public void Absorb(Person other)
        {
            TensorPrimitives.Add(Sum, other.Sum, Sum);
            if (other.Size > Size) (Largest, Size) = (other.Largest, other.Size);
        }
    }

    /// <summary>The watchlist of <paramref name="clip"/>'s people, filled to <see cref="Size"/>, and how many people it found.</summary>
    public static (EnrolledWatchlist Watchlist, int People) FromClip(RecognitionModels models, string clip, DateTimeOffset at, CancellationToken cancellation)
    {
        float same = (float)models.DefaultThreshold.Value;
        var tracker = new FaceTracker(TrackingOptions.Default);
        var tracked = new TrackedFrame();
        var byTrack = new Dictionary<TrackId, Person>();
        using (var source = new VideoFileSource(clip))
            foreach (var frame in source.ReadFrames(cancellation))
                using (frame)
                {
                    tracker.Update(models.Detector.Detect(frame), frame.Offset, tracked);
                    var clear = tracked.Faces.Where(f => f.Track is not null && f.Face.Score >= ClearScore && Math.Min(f.Face.Box.Width, f.Face.Box.Height) >= ClearSize).ToList();
                    if (clear.Count == 0) continue;
                    using var rows = models.FaceEmbedder.Embed(frame, [.. clear.Select(f => f.Face)]);
                    for (int i = 0; i < clear.Count; i++)
                    {
                        var track = clear[i].Track!.Value;
                        if (!byTrack.TryGetValue(track, out var person)) byTrack[track] = person = new Person(models.FaceEmbedder.Dimension);
                        person.Add(rows.Row(i).ToArray(), Math.Min(clear[i].Face.Box.Width, clear[i].Face.Box.Height));
                    }
                }
        cancellation.ThrowIfCancellationRequested();
        var people = byTrack.OrderBy(t => t.Key.Value).Select(t => t.Value).ToList();
        // Tracks of one person (lost and found again): their mean faces match.
        for (bool merged = true; merged;)
        {
            merged = false;
            for (int a = 0; a < people.Count && !merged; a++)
                for (int b = a + 1; b < people.Count && !merged; b++)
                    if (TensorPrimitives.CosineSimilarity(people[a].Sum, people[b].Sum) >= same)
                    {
                        people[a].Absorb(people[b]);
                        people.RemoveAt(b);
                        merged = true;
                    }
        }
        if (people.Count == 0) throw new LfrInputException($"{FileKind.Show(clip)}: no clear face (detector score {ClearScore}, {ClearSize} pixels or more) to make a watchlist of");
        if (people.Count > Size) throw new LfrInputException($"{FileKind.Show(clip)}: {people.Count} people, more than a watchlist of {Size}");

        var random = PipelineBenchmark.RandomWatchlist(models.FaceEmbedder, at);
        var entries = people.Select((_, i) => new WatchlistEntry(new WatchlistEntryId(EntryOf(i + 1)), WatchlistCategory.WantedSeriousOffence,
            "bench: a face of the clip", "bench", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [])).ToList();
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, "bench", people[i].Largest)).ToList();
        return (new EnrolledWatchlist("bench-footage", models.FaceEmbedder.ModelId, models.FaceEmbedder.Dimension, at,
            [.. entries, .. random.Entries.Take(Size - people.Count)], [.. templates, .. random.Templates.Take(Size - people.Count)]), people.Count);
    }
}
