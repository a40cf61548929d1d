using LfrAudit.Recognition.Matching;

namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// Near misses, looked at more closely. A face is recognisable on some frames and not others (a head turns to the camera
/// for a fifth of a second): measured on the 1080p street clip's RTSP stream decoded at 1280, one walker's face scored
/// 0.69-0.98 against a picture of their own face on five frames in a row and 0.21-0.57 on the rest of their walk. A track is searched on
/// its first frame, its clearly better ones and one every <see cref="TrackingOptions.RecheckInterval"/>, so whether a
/// search falls in that moment was luck. Now a track whose search came within <see cref="TrackingOptions.CloserLookMargin"/>
/// below the threshold without alerting is searched on every frame it is detected in for
/// <see cref="TrackingOptions.CloserLookTime"/> (source time) after that search: a moment as long as the detection
/// cadence is then searched once the grant has reached detection. In one thread (footage evaluation) that is the next
/// frame; on a live camera the matching stage runs behind detection by the frames in flight (a few when the machine keeps
/// up), and a moment within them can still fall between searches. The grant is made once per track and ends early with an alert or with the track: a
/// stranger who resembles someone costs a few more searches, never detection on more frames.
///
/// Privacy: only track ids and times are held, never a score or an embedding.
/// Thread-safe: the matching stage says how searches came out while the detection stage asks which faces to search.
/// </summary>
public sealed class CloserLooks(TrackingOptions options)
{
    private readonly Lock _gate = new();
    // Until when each track granted closer looks is looked at; a track whose grant ended stays (at its end) until the track
    // ends, so it is granted once.
    private readonly Dictionary<TrackId, TimeSpan> _until = new(16);
    private long _granted;

    /// <summary>Closer looks granted so far (for the run's figures).</summary>
    public long Granted => Interlocked.Read(ref _granted);

    /// <summary>
    /// How a search of <paramref name="track"/> on its frame at <paramref name="offset"/> came out: <paramref name="alerted"/>
    /// (a new alert or a sighting of one) ends its closer looks; otherwise a best candidate within the margin below
    /// <paramref name="threshold"/> grants them, once per track.
    /// </summary>
    public void Searched(TrackId track, Candidate? best, Threshold threshold, bool alerted, TimeSpan offset)
    {
        if (options.CloserLookTime <= TimeSpan.Zero) return;
        lock (_gate)
        {
            if (alerted)
            {
                if (_until.ContainsKey(track)) _until[track] = TimeSpan.MinValue;
                return;
            }
            if (best is not { } b || !(b.Score >= threshold.Value - options.CloserLookMargin) || _until.ContainsKey(track)) return;
            _until[track] = offset + options.CloserLookTime;
            _granted++;
        }
    }

    /// <summary>Whether the detected frame of <paramref name="track"/> at <paramref name="offset"/> is searched as a closer look.</summary>
    public bool Wants(TrackId track, TimeSpan offset)
    {
        lock (_gate) return _until.TryGetValue(track, out var until) && offset <= until;
    }

    /// <summary>
    /// Drops the tracks that ended. Called by the side that reports searches, once a frame's searches are reported and in
    /// frame order: a track's last searches may be reported after the detection side has seen it end (the matching stage
    /// runs frames behind), and a grant made after its forgetting would be held for ever.
    /// </summary>
    public void Forget(IReadOnlyList<TrackId> ended)
    {
        if (ended.Count == 0) return;
        lock (_gate)
            for (int i = 0; i < ended.Count; i++) _until.Remove(ended[i]);
    }
}
