using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Core.Tracking;

/// <summary>A face of a track chosen to be searched in this frame, with the quality that chose it.</summary>
public readonly record struct FaceToSearch(DetectedFace Face, TrackId Track, float Quality);

/// <summary>One frame's faces after tracking: every detection with its track, the tracks seen, those to search, those that ended.</summary>
public sealed record TrackedSelection(IReadOnlyList<TrackedFace> Faces, IReadOnlyList<TrackId> Seen, IReadOnlyList<FaceToSearch> Search, IReadOnlyList<TrackId> Ended);

/// <summary>
/// The per-frame step shared by live runs and footage evaluation: track the frame's detections, then pick which
/// faces to search (those the quality gate admits, on their track's best frames). Not thread-safe: one per camera.
/// </summary>
public sealed class TrackedSearch(TrackingOptions tracking, QualityGate gate, IFaceSharpness? sharpness)
{
    private readonly FaceTracker _tracker = new(tracking);
    private readonly BestFrameChoice _choice = new(tracking);

    public TrackedSelection Select(IFrame frame, IReadOnlyList<DetectedFace> faces)
    {
        var tracked = _tracker.Update(faces, frame.Offset);
        var seen = new List<TrackId>(faces.Count);
        var search = new List<FaceToSearch>();
        foreach (var (face, track) in tracked.Faces)
        {
            if (track is not { } id) continue;
            seen.Add(id);
            if (!gate.Admits(face)) continue;
            // Untracked, every admitted face is searched: its quality does not matter.
            float quality = tracking.Enabled ? FaceQuality.Of(face, sharpness?.Sharpness(frame, face.Box)) : 1;
            if (_choice.ShouldSearch(id, quality, frame.Offset)) search.Add(new FaceToSearch(face, id, quality));
        }
        _choice.Forget(tracked.Ended);
        return new TrackedSelection(tracked.Faces, seen, search, tracked.Ended);
    }
}
