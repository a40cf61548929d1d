using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Tracking;

/// <summary>A face of a track chosen to be searched in this frame, with the quality that chose it.</summary>
public readonly record struct FaceToSearch(DetectedFace Face, TrackId Track, float Quality);

/// <summary>
/// One frame's faces after tracking: every detection with its track, the tracks seen, those to search, those that
/// ended. A stream of frames reuses them, refilled by <see cref="TrackedSearch.Select(IFrame, IReadOnlyList{DetectedFace}, TrackedSelection)"/>.
/// </summary>
public sealed class TrackedSelection
{
    /// <summary>What the tracker made of the frame (the tracker fills it: every detection with its track, the ended tracks).</summary>
    internal readonly TrackedFrame Tracked = new();
    internal readonly List<TrackId> SeenList = new(32);
    internal readonly List<FaceToSearch> SearchList = new(32);

    /// <summary>Every detection of the frame with its track.</summary>
    public IReadOnlyList<TrackedFace> Faces => Tracked.Faces;
    /// <summary>The tracks seen in the frame.</summary>
    public IReadOnlyList<TrackId> Seen => SeenList;
    /// <summary>The faces to search in this frame (a track's first good frame, a clearly better one, a recheck).</summary>
    public IReadOnlyList<FaceToSearch> Search => SearchList;
    /// <summary>The tracks that ended with this frame.</summary>
    public IReadOnlyList<TrackId> Ended => Tracked.Ended;

    /// <summary>Empties every list (their room is kept for the next frame).</summary>
    public void Clear()
    {
        Tracked.FaceList.Clear();
        Tracked.EndedList.Clear();
        SeenList.Clear();
        SearchList.Clear();
    }
}

/// <summary>
/// The per-frame step shared by live runs and footage evaluation: track the frame's detections, then pick which
/// faces to search (those the quality gate admits, on their track's best frames, and near misses' closer looks). Not
/// thread-safe: one per camera.
/// </summary>
public sealed class TrackedSearch(TrackingOptions tracking, QualityGate gate, IFaceSharpness? sharpness, CloserLooks? closerLooks = null)
{
    private readonly FaceTracker _tracker = new(tracking);
    private readonly BestFrameChoice _choice = new(tracking);

    /// <summary>Tracks a frame's detections and picks the faces to search (a new selection each time).</summary>
    public TrackedSelection Select(IFrame frame, IReadOnlyList<DetectedFace> faces)
    {
        var result = new TrackedSelection();
        Select(frame, faces, result);
        return result;
    }

    /// <summary>Tracks and selects one frame's faces into <paramref name="result"/> (emptied first).</summary>
    public void Select(IFrame frame, IReadOnlyList<DetectedFace> faces, TrackedSelection result)
    {
        result.Clear();
        _tracker.Update(faces, frame.Offset, result.Tracked);
        foreach (var tracked in result.Tracked.FaceList)
        {
            if (tracked.Track is not { } id) continue;
            var face = tracked.Face;
            result.SeenList.Add(id);
            if (!gate.Admits(face)) continue;
            // Untracked, every admitted face is searched: its quality does not matter.
            float quality = tracking.Enabled ? FaceQuality.Of(face, sharpness?.Sharpness(frame, face.Box)) : 1;
            if (_choice.ShouldSearch(id, quality, frame.Offset) || closerLooks?.Wants(id, frame.Offset) == true) result.SearchList.Add(new FaceToSearch(face, id, quality));
        }
        Forget(result.Tracked.EndedList);
    }

    /// <summary>Whether the last detected frame left tracking settled (see <see cref="FaceTracker.Settled"/>).</summary>
    public bool Settled => _tracker.Settled;

    /// <summary>
    /// A frame the detector skipped (<see cref="DetectionCadence"/>): its tracks move on by prediction and those lost
    /// too long end; no face is seen or searched in it.
    /// </summary>
    public void Coast(IFrame frame, TrackedSelection result)
    {
        result.Clear();
        _tracker.Coast(frame.Offset, result.Tracked);
        Forget(result.Tracked.EndedList);
    }

    // Closer looks are forgotten by the matching side, after the frame's searches (CloserLooks.Forget): here, on the
    // detection side, a track may end before its last searches have been reported.
    private void Forget(IReadOnlyList<TrackId> ended) => _choice.Forget(ended);
}
