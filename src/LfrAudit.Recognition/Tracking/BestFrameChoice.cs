namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// Decides which frames of each track are searched: the first searchable one (an alert should not wait for
/// the person to leave), then a later one when it is clearly better (up to a few per track), and one every
/// recheck interval whatever its quality, in case the track has passed to someone else. Holds counts, a
/// quality and a time per live track, nothing else.
/// </summary>
public sealed class BestFrameChoice(TrackingOptions options)
{
    private readonly Dictionary<TrackId, (int Better, float Best, TimeSpan Last)> _tracks = new(64);

    /// <summary>Whether this frame of <paramref name="track"/>, of this quality at this time, is to be searched.</summary>
    public bool ShouldSearch(TrackId track, float quality, TimeSpan offset)
    {
        if (!options.Enabled) return true;
        if (!_tracks.TryGetValue(track, out var t)) { _tracks[track] = (1, quality, offset); return true; }
        if (offset - t.Last >= options.RecheckInterval) { _tracks[track] = (t.Better, Math.Max(t.Best, quality), offset); return true; }
        if (t.Better >= options.MaxSearchesPerTrack || quality <= t.Best * options.BetterFrameFactor) return false;
        _tracks[track] = (t.Better + 1, quality, offset);
        return true;
    }

    /// <summary>Drops what it held of tracks that ended.</summary>
    public void Forget(IReadOnlyList<TrackId> ended)
    {
        for (int i = 0; i < ended.Count; i++) _tracks.Remove(ended[i]);
    }
}
