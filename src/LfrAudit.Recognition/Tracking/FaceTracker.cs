using LfrAudit.Recognition.Detection;

namespace LfrAudit.Recognition.Tracking;

/// <summary>A detection tied to the track it belongs to (none: a doubtful detection that matched no track).</summary>
public readonly record struct TrackedFace(DetectedFace Face, TrackId? Track);

/// <summary>
/// What tracking made of one frame: each detection's track, and the tracks that ended with it (handled after its
/// faces). A stream of frames reuses one, refilled by each <see cref="FaceTracker.Update(IReadOnlyList{DetectedFace}, TimeSpan, TrackedFrame)"/>.
/// </summary>
public sealed class TrackedFrame
{
    internal readonly List<TrackedFace> FaceList = new(32);
    internal readonly List<TrackId> EndedList = new(32);

    /// <summary>Every detection of the frame with its track.</summary>
    public IReadOnlyList<TrackedFace> Faces => FaceList;
    /// <summary>The tracks that ended with this frame.</summary>
    public IReadOnlyList<TrackId> Ended => EndedList;
}

/// <summary>
/// Follows one camera's faces from frame to frame, ByteTrack-style: each track's box is predicted by a
/// Kalman filter; confident detections are matched to tracks by overlap first, then doubtful ones to the
/// tracks still unmatched (a face turning away or half hidden keeps its track instead of splitting it);
/// a confident detection left over starts a track; a doubtful one left over starts nothing (it is counted
/// as a detection only, since most are not faces). A track not seen for the lost time has ended.
/// Matching is greedy by overlap, highest first: with the handful of faces a frame holds it picks what
/// an optimal assignment would, without the cost. Holds boxes and times only, never pixels or embeddings.
/// Not thread-safe: one per camera, called in frame order.
/// </summary>
public sealed class FaceTracker(TrackingOptions options)
{
    private sealed class Track
    {
        public TrackId Id { get; private set; }
        public MotionFilter Motion { get; } = new(default);
        public TimeSpan LastSeen { get; set; }
        public TimeSpan LastPredicted { get; set; }
        /// <summary>Detections in a row the track was not found in (0: found in the last one).</summary>
        public int Misses { get; set; }
        /// <summary>Detections the track was found in: its motion is known once it has a few.</summary>
        public int Hits { get; set; }

        /// <summary>Starts (or, for an ended track kept for reuse, starts again) as a new track.</summary>
        public Track Start(TrackId id, BoxF box, TimeSpan seen)
        {
            Id = id;
            Motion.Reset(box);
            LastSeen = LastPredicted = seen;
            Misses = 0;
            Hits = 1;
            return this;
        }
    }

    // Detections a track is followed through at the full rate before its motion is trusted across skipped frames.
    private const int SettledAfterHits = 3;

    private readonly List<Track> _live = new(32);
    // Ended tracks kept to be started again, and the matching's scratch space, so a frame allocates nothing.
    private readonly Stack<Track> _spare = new(32);
    private readonly List<Pair> _pairs = new(64);
    private TrackId?[] _assigned = new TrackId?[16];
    private bool[] _taken = new bool[16];
    private long _next;
    private TimeSpan? _last;

    /// <summary>A detection and a track that overlap enough to be matched; listed face by face, track by track.</summary>
    private readonly record struct Pair(float Overlap, int Face, int Track);

    // Highest overlap first; ties in the order listed, so the same frames always give the same tracks.
    private static readonly Comparison<Pair> MostOverlapFirst = static (a, b) =>
        b.Overlap.CompareTo(a.Overlap) is var c and not 0 ? c : a.Face != b.Face ? a.Face.CompareTo(b.Face) : a.Track.CompareTo(b.Track);

    /// <summary>Tracks alive now (seen within the lost time).</summary>
    public int LiveTracks => _live.Count;

    /// <summary>
    /// Whether the last detected frame left tracking settled: no track started in it or younger than a few detections
    /// (its motion not yet known, a prediction over several frames would lose it), and none seen in the detection
    /// before missed in it for the first time. Unsettled, the next frame should be detected too (<see cref="DetectionCadence"/>).
    /// </summary>
    public bool Settled { get; private set; } = true;

    /// <summary>Ties a frame's detections to tracks (a new frame each time; see the overload that refills one).</summary>
    public TrackedFrame Update(IReadOnlyList<DetectedFace> faces, TimeSpan offset)
    {
        var result = new TrackedFrame();
        Update(faces, offset, result);
        return result;
    }

    /// <summary>Tracks one frame's detections into <paramref name="result"/> (emptied first).</summary>
    public void Update(IReadOnlyList<DetectedFace> faces, TimeSpan offset, TrackedFrame result)
    {
        result.FaceList.Clear();
        result.EndedList.Clear();
        // Source time never runs backwards here, even if a source's clock does.
        var now = _last is { } last && offset < last ? last : offset;
        _last = now;
        if (!options.Enabled)
        {
            EachFaceItsOwnTrack(faces, result);
            return;
        }
        EndLostAndPredict(now, result);

        var assigned = Cleared(ref _assigned, faces.Count);
        var taken = Cleared(ref _taken, _live.Count);
        Associate(faces, assigned, taken, confident: true, liveOnly: false, now);
        Associate(faces, assigned, taken, confident: false, liveOnly: true, now);

        bool settled = true;
        for (int t = 0; t < _live.Count; t++)
        {
            var track = _live[t];
            if (taken[t]) { track.Misses = 0; track.Hits++; }
            else if (++track.Misses == 1) settled = false;
            if (track.Misses == 0 && track.Hits < SettledAfterHits) settled = false;
        }
        for (int f = 0; f < faces.Count; f++)
        {
            if (assigned[f] is not null || faces[f].Score < options.ConfidentScore) continue;
            var track = (_spare.TryPop(out var spare) ? spare : new Track()).Start(new TrackId(++_next), faces[f].Box, now);
            _live.Add(track);
            assigned[f] = track.Id;
            settled = false;
        }
        Settled = settled;

        for (int f = 0; f < faces.Count; f++) result.FaceList.Add(new TrackedFace(faces[f], assigned[f]));
    }

    /// <summary>
    /// A frame not searched for faces (<see cref="DetectionCadence"/>): its tracks' boxes are predicted and those
    /// missing longer than the lost time end, as in a detected frame; nobody is found or missed in it.
    /// </summary>
    public void Coast(TimeSpan offset, TrackedFrame result)
    {
        result.FaceList.Clear();
        result.EndedList.Clear();
        var now = _last is { } last && offset < last ? last : offset;
        _last = now;
        if (options.Enabled) EndLostAndPredict(now, result);
    }

    private void EndLostAndPredict(TimeSpan now, TrackedFrame result)
    {
        // Tracks missing longer than the lost time have ended before this frame is matched: a face now is someone new.
        int kept = 0;
        for (int i = 0; i < _live.Count; i++)
        {
            var t = _live[i];
            if (now - t.LastSeen <= options.MaxLostTime) _live[kept++] = t;
            else
            {
                result.EndedList.Add(t.Id);
                _spare.Push(t);
            }
        }
        _live.RemoveRange(kept, _live.Count - kept);
        foreach (var t in _live)
        {
            t.Motion.Predict((now - t.LastPredicted).TotalSeconds);
            t.LastPredicted = now;
        }
    }

    // The first n slots of a scratch array, cleared; the array grows when a frame needs more.
    private static T[] Cleared<T>(ref T[] scratch, int n)
    {
        if (scratch.Length < n) scratch = new T[Math.Max(n, 2 * scratch.Length)];
        Array.Clear(scratch, 0, n);
        return scratch;
    }

    /// <summary>Ends every live track (the source has ended or the run stops).</summary>
    public IReadOnlyList<TrackId> EndAll()
    {
        var ended = _live.Select(t => t.Id).ToList();
        _live.Clear();
        return ended;
    }

    private void EachFaceItsOwnTrack(IReadOnlyList<DetectedFace> faces, TrackedFrame result)
    {
        for (int f = 0; f < faces.Count; f++)
        {
            var id = new TrackId(++_next);
            result.FaceList.Add(new TrackedFace(faces[f], id));
            result.EndedList.Add(id);
        }
    }

    private void Associate(IReadOnlyList<DetectedFace> faces, TrackId?[] assigned, bool[] taken, bool confident, bool liveOnly, TimeSpan now)
    {
        var pairs = _pairs;
        pairs.Clear();
        for (int f = 0; f < faces.Count; f++)
        {
            if (assigned[f] is not null || (faces[f].Score >= options.ConfidentScore) != confident) continue;
            for (int t = 0; t < _live.Count; t++)
            {
                // The second pass only continues tracks seen in the previous frames, never revives lost ones on a doubtful detection.
                if (taken[t] || (liveOnly && IsLost(_live[t], now))) continue;
                float overlap = _live[t].Motion.Box.IntersectionOverUnion(faces[f].Box);
                if (overlap >= options.MinOverlap) pairs.Add(new Pair(overlap, f, t));
            }
        }
        pairs.Sort(MostOverlapFirst);
        foreach (var (_, f, t) in pairs)
        {
            if (assigned[f] is not null || taken[t]) continue;
            assigned[f] = _live[t].Id;
            taken[t] = true;
            _live[t].Motion.Correct(faces[f].Box);
            _live[t].LastSeen = now;
        }
    }

    // Lost: missed in more than the last few frames' worth of time (a quarter of the lost time).
    private bool IsLost(Track t, TimeSpan now) => now - t.LastSeen > options.MaxLostTime / 4;
}
