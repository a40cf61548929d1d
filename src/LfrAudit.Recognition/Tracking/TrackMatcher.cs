using System.Numerics.Tensors;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Recognition.Tracking;

/// <summary>An alert's later sightings, written to it when the person it was raised for has gone.</summary>
public sealed record AlertSightings(AlertId Alert, int Sightings, TimeSpan LastSeen, float BestScore);

/// <summary>A person the camera no longer sees: what the counts keep of them, and the sightings of their alerts.</summary>
public readonly record struct PersonGone(bool Searched, TimeSpan LastSeen, IReadOnlyList<AlertSightings> Alerts);

/// <summary>What one search of a track came to.</summary>
public abstract record TrackDecision
{
    /// <summary>Below the threshold: the caller keeps nothing.</summary>
    public sealed record NonMatch : TrackDecision;
    /// <summary>A candidate this person has not been alerted for: raise an alert, then tell <see cref="TrackMatcher.Raised"/> its id.</summary>
    public sealed record NewAlert(TrackId Track, Candidate Candidate) : TrackDecision;
    /// <summary>The candidate of an alert already raised for this person (untracked: for the same candidate on this camera within the repeat window).</summary>
    public sealed record Sighting(AlertId Alert, Candidate Candidate) : TrackDecision;

    /// <summary>No alert: the search matched no one, and is discarded.</summary>
    public static readonly TrackDecision None = new NonMatch();
}

/// <summary>
/// Searches tracks against the watchlist and keeps one alert per person per candidate. A person is a track,
/// or several joined by the embedding: a track that starts just after another was lost, and whose face
/// matches the lost one's at the threshold in force, is the same person coming back into view.
///
/// The embedding does not split tracks: measured on the 1080p street clip, one walker's frames of a 60-pixel
/// face fell as low as cosine 0.14 against each other, as unlike as two strangers. A track that passes to
/// someone else (two people crossing) is instead caught by the periodic recheck: the newcomer is searched
/// and alerted for; only the count of people is one short.
///
/// Privacy: to recognise that return, a person's best embedding is held while they are in view; it is
/// wiped when their last track ends (at most the tracker's lost time after they were last seen). The
/// embedding of a person nobody matched never leaves this class. Not thread-safe: one per camera.
/// </summary>
public sealed class TrackMatcher(WatchlistIndex index, Threshold threshold, TimeSpan repeatWindow, TrackingOptions tracking)
{

    // People gone are kept, wiped, to stand for someone new: a stream of passers-by allocates no new ones.
    private sealed class Person(int dimension)
    {
        public readonly HashSet<TrackId> Tracks = [];
        /// <summary>The best embedding seen of them (valid while <see cref="HasAppearance"/>; wiped when they go).</summary>
        public float[] Appearance = new float[dimension];
        public bool HasAppearance;
        public float AppearanceQuality;
        /// <summary>The sum of their searched embeddings, and its normalised mean (scratch), for <see cref="TrackRule.MeanEmbedding"/>.</summary>
        public float[] Sum = new float[dimension];
        public float[] Mean = new float[dimension];
        public int Searches;
        public TimeSpan LastSeen;
        public readonly Dictionary<WatchlistEntryId, Alerted> Alerts = [];

        public void Wipe()
        {
            Array.Clear(Appearance);
            Array.Clear(Sum);
            Array.Clear(Mean);
            HasAppearance = false;
            AppearanceQuality = 0;
            Searches = 0;
            LastSeen = default;
            Tracks.Clear();
            Alerts.Clear();
        }
    }

    private sealed class Alerted(AlertId id, TimeSpan raised, float score)
    {
        public AlertId Id { get; } = id;
        public TimeSpan Raised { get; } = raised;
        public int Sightings { get; set; } = 1;
        public TimeSpan LastSeen { get; set; } = raised;
        public float BestScore { get; set; } = score;
    }

    // Sized for a crowd from the start, so that they rarely grow during a run.
    private readonly Dictionary<TrackId, Person> _byTrack = new(64);
    private readonly List<Person> _people = new(64);
    private readonly Stack<Person> _spare = new(64);
    // The latest alert per candidate on this camera, for the repeat window (ids and times only).
    private readonly Dictionary<WatchlistEntryId, Alerted> _latest = [];

    /// <summary>People whose embedding is held right now (for tests of the wipe).</summary>
    internal int AppearancesHeld => _people.Count(p => p.HasAppearance);
    internal IEnumerable<float[]> HeldAppearancesForTest => _people.Where(p => p.HasAppearance).Select(p => p.Appearance);

    /// <summary>Notes that a track was seen in the frame at <paramref name="offset"/>.</summary>
    public void Seen(TrackId track, TimeSpan offset)
    {
        if (!_byTrack.TryGetValue(track, out var p))
        {
            p = _spare.TryPop(out var spare) ? spare : new Person(index.Dimension);
            p.Tracks.Add(track);
            _byTrack[track] = p;
            _people.Add(p);
        }
        if (offset > p.LastSeen) p.LastSeen = offset;
    }

    /// <summary>Searches one sighting of a track. The row is the caller's (wiped by it); a copy is held only as the person's appearance.</summary>
    public TrackDecision Search(TrackId track, ReadOnlySpan<float> row, float quality, TimeSpan offset) =>
        Search(track, row, quality, offset, index.Best(row));

    /// <summary>
    /// Decides one sighting of a track whose row the caller already searched (<paramref name="best"/>: the frame's faces
    /// are searched together, each row of a large watchlist read once for all of them).
    /// </summary>
    public TrackDecision Search(TrackId track, ReadOnlySpan<float> row, float quality, TimeSpan offset, Candidate? best)
    {
        Seen(track, offset);
        var person = _byTrack[track];
        if (person.Searches == 0 && person.Tracks.Count == 1) person = Rejoin(track, person, row, offset);
        person.Searches++;
        if (quality > person.AppearanceQuality || !person.HasAppearance)
        {
            row.CopyTo(person.Appearance);
            person.HasAppearance = true;
            person.AppearanceQuality = quality;
        }

        // The mean decides only where no single frame did: it adds alerts, never replaces one.
        if (tracking.Rule == TrackRule.MeanEmbedding && MeanOf(person, row) is { } mean && (best is not { } single || !threshold.IsReachedBy(single.Score)))
            best = mean;
        if (best is not { } found || !threshold.IsReachedBy(found.Score)) return TrackDecision.None;
        if (person.Alerts.TryGetValue(found.Entry, out var mine)) return Sight(mine, found, offset);
        // Untracked (a folder of images), the same candidate again within the repeat window is folded into the open alert.
        // Tracked, never: another person matching the same candidate gets an alert of their own, or a wrong first
        // match could hide the real person behind it from the operator.
        if (!tracking.Enabled && _latest.TryGetValue(found.Entry, out var recent) && offset - recent.LastSeen < repeatWindow && offset >= recent.Raised)
        {
            person.Alerts[found.Entry] = recent;
            return Sight(recent, found, offset);
        }
        return new TrackDecision.NewAlert(track, found);
    }

    /// <summary>Binds the alert the caller raised for a <see cref="TrackDecision.NewAlert"/>.</summary>
    public void Raised(TrackDecision.NewAlert decision, AlertId id, TimeSpan offset)
    {
        var alerted = new Alerted(id, offset, decision.Candidate.Score);
        _byTrack[decision.Track].Alerts[decision.Candidate.Entry] = alerted;
        _latest[decision.Candidate.Entry] = alerted;
    }

    /// <summary>Ends tracks; returns the people whose last track this was (their held embedding wiped).</summary>
    public IReadOnlyList<PersonGone> End(IEnumerable<TrackId> tracks)
    {
        var gone = new List<PersonGone>();
        End(tracks.ToList(), gone);
        return gone;
    }

    /// <summary>Ends tracks; adds to <paramref name="gone"/> the people whose last track this was (their held embedding wiped).</summary>
    public void End(IReadOnlyList<TrackId> tracks, List<PersonGone> gone)
    {
        for (int i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            if (!_byTrack.Remove(track, out var p)) continue;
            p.Tracks.Remove(track);
            if (p.Tracks.Count == 0) gone.Add(Forget(p));
        }
    }

    /// <summary>Ends everyone (the run stops): nothing is held afterwards.</summary>
    public IReadOnlyList<PersonGone> EndAll()
    {
        var gone = _people.ToList().Select(Forget).ToList();
        _byTrack.Clear();
        _latest.Clear();
        return gone;
    }

    private static TrackDecision Sight(Alerted alert, Candidate best, TimeSpan offset)
    {
        alert.Sightings++;
        if (offset > alert.LastSeen) alert.LastSeen = offset;
        alert.BestScore = Math.Max(alert.BestScore, best.Score);
        return new TrackDecision.Sighting(alert.Id, best);
    }

    // Adds this search to the person's sum; from their second search on, the best candidate of their mean embedding.
    private Candidate? MeanOf(Person person, ReadOnlySpan<float> row)
    {
        TensorPrimitives.Add(person.Sum, row, person.Sum);
        if (person.Searches < 2) return null;
        float norm = TensorPrimitives.Norm(person.Sum);
        if (!(norm > 0)) return null;
        TensorPrimitives.Divide(person.Sum, norm, person.Mean);
        return index.Best(person.Mean);
    }

    // A new track whose first face matches someone lost a moment ago is that person, back in view.
    private Person Rejoin(TrackId track, Person fresh, ReadOnlySpan<float> row, TimeSpan offset)
    {
        Person? best = null;
        float bestScore = (float)threshold.Value;
        foreach (var p in _people)
        {
            if (p == fresh || !p.HasAppearance || p.LastSeen >= offset || offset - p.LastSeen > tracking.MaxLostTime) continue;
            float score = TensorPrimitives.Dot(row, p.Appearance);
            if (score >= bestScore) { bestScore = score; best = p; }
        }
        if (best is null) return fresh;
        _people.Remove(fresh);
        fresh.Wipe();
        _spare.Push(fresh);
        best.Tracks.Add(track);
        best.LastSeen = offset;
        _byTrack[track] = best;
        return best;
    }

    private PersonGone Forget(Person p)
    {
        _people.Remove(p);
        IReadOnlyList<AlertSightings> alerts = p.Alerts.Count == 0 ? Array.Empty<AlertSightings>()
            : p.Alerts.Values.Distinct().Select(a => new AlertSightings(a.Id, a.Sightings, a.LastSeen, a.BestScore)).ToList();
        var gone = new PersonGone(p.Searches > 0, p.LastSeen, alerts);
        p.Wipe();
        _spare.Push(p);
        return gone;
    }
}
