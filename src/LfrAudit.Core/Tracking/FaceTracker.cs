using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Tracking;

/// <summary>A detection tied to the track it belongs to (none: a doubtful detection that matched no track).</summary>
public readonly record struct TrackedFace(DetectedFace Face, TrackId? Track);

/// <summary>What tracking made of one frame: each detection's track, and the tracks that ended with it (handled after its faces).</summary>
public sealed record TrackedFrame(IReadOnlyList<TrackedFace> Faces, IReadOnlyList<TrackId> Ended);

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
    private sealed class Track(TrackId id, BoxF box, TimeSpan seen)
    {
        public TrackId Id { get; } = id;
        public MotionFilter Motion { get; } = new(box);
        public TimeSpan LastSeen { get; set; } = seen;
        public TimeSpan LastPredicted { get; set; } = seen;
    }

    private readonly List<Track> _live = [];
    private long _next;
    private TimeSpan? _last;

    /// <summary>Tracks alive now (seen within the lost time).</summary>
    public int LiveTracks => _live.Count;

    public TrackedFrame Update(IReadOnlyList<DetectedFace> faces, TimeSpan offset)
    {
        // Source time never runs backwards here, even if a source's clock does.
        var now = _last is { } last && offset < last ? last : offset;
        _last = now;
        if (!options.Enabled) return EachFaceItsOwnTrack(faces);

        // Tracks missing longer than the lost time have ended before this frame is matched: a face now is someone new.
        var ended = new List<TrackId>();
        _live.RemoveAll(t =>
        {
            if (now - t.LastSeen <= options.MaxLostTime) return false;
            ended.Add(t.Id);
            return true;
        });
        foreach (var t in _live)
        {
            t.Motion.Predict((now - t.LastPredicted).TotalSeconds);
            t.LastPredicted = now;
        }

        var assigned = new TrackId?[faces.Count];
        var taken = new bool[_live.Count];
        Associate(faces, assigned, taken, confident: true, liveOnly: false, now);
        Associate(faces, assigned, taken, confident: false, liveOnly: true, now);

        for (int f = 0; f < faces.Count; f++)
        {
            if (assigned[f] is not null || faces[f].Score < options.ConfidentScore) continue;
            var track = new Track(new TrackId(++_next), faces[f].Box, now);
            _live.Add(track);
            assigned[f] = track.Id;
        }

        var tracked = new TrackedFace[faces.Count];
        for (int f = 0; f < faces.Count; f++) tracked[f] = new TrackedFace(faces[f], assigned[f]);
        return new TrackedFrame(tracked, ended);
    }

    /// <summary>Ends every live track (the source has ended or the run stops).</summary>
    public IReadOnlyList<TrackId> EndAll()
    {
        var ended = _live.Select(t => t.Id).ToList();
        _live.Clear();
        return ended;
    }

    private TrackedFrame EachFaceItsOwnTrack(IReadOnlyList<DetectedFace> faces)
    {
        var tracked = faces.Select(f => new TrackedFace(f, new TrackId(++_next))).ToList();
        return new TrackedFrame(tracked, tracked.Select(t => t.Track!.Value).ToList());
    }

    private void Associate(IReadOnlyList<DetectedFace> faces, TrackId?[] assigned, bool[] taken, bool confident, bool liveOnly, TimeSpan now)
    {
        var pairs = new List<(float Overlap, int Face, int Track)>();
        for (int f = 0; f < faces.Count; f++)
        {
            if (assigned[f] is not null || (faces[f].Score >= options.ConfidentScore) != confident) continue;
            for (int t = 0; t < _live.Count; t++)
            {
                // The second pass only continues tracks seen in the previous frames, never revives lost ones on a doubtful detection.
                if (taken[t] || (liveOnly && IsLost(_live[t], now))) continue;
                float overlap = _live[t].Motion.Box.IntersectionOverUnion(faces[f].Box);
                if (overlap >= options.MinOverlap) pairs.Add((overlap, f, t));
            }
        }
        foreach (var (_, f, t) in pairs.OrderByDescending(p => p.Overlap))
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
