using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Footage;

/// <summary>One clip's figures: who it shows, whether they are on the watchlist, and what the system did with it.</summary>
public sealed record ClipOutcome(TruthClip Clip, bool OnWatchlist, FootageResult Result)
{
    /// <summary>The person the clip shows was alerted for the right entry.</summary>
    public bool RightAlert => Result.Appearances.Any(a => a.RightAlert);

    /// <summary>Alerts for anyone but the person the clip shows (or for anyone, in a clip of no one known).</summary>
    public long FalseAlerts => Result.FalseAlerts();

    /// <summary>
    /// The best score any search in the clip gave the right entry as its top candidate (null: the right person never came
    /// top): how near a missed clip came, which a pass or fail at one threshold does not say.
    /// </summary>
    public float? BestRightScore => Best(Result.Appearances.Select(a => a.BestRightScore));

    /// <summary>The best score any search in the clip gave a wrong entry as its top candidate (null: none did).</summary>
    public float? BestWrongScore => Best(Result.Appearances.Select(a => a.BestWrongScore));

    private static float? Best(IEnumerable<float> scores) => scores.Where(s => !float.IsNaN(s)).Select(s => (float?)s).Max();
}

/// <summary>
/// A folder of clips evaluated in one process: every clip's outcome and the figures over all of them — TPIR per
/// appearance (a clip of a watchlisted person is one appearance), false alerts per appearance and per hour of
/// footage, and the strangers' clips that alerted at all, each with its 95 % interval where it is a proportion.
/// </summary>
public sealed record ClipsResult(IReadOnlyList<ClipOutcome> Clips)
{
    /// <summary>All clips' appearances and counts as one footage result.</summary>
    public FootageResult All { get; } = new(
        Clips.SelectMany(c => c.Result.Appearances).ToList(),
        Clips.Sum(c => c.Result.Frames), Clips.Sum(c => c.Result.Hours),
        Clips.Sum(c => c.Result.UntrackedFaceTracks), Clips.Sum(c => c.Result.UntrackedFalseAlertTracks),
        Clips.Sum(c => c.Result.Detections), Clips.Sum(c => c.Result.FacesSeen), Clips.Sum(c => c.Result.Searches), Clips.Sum(c => c.Result.Alerts));

    /// <summary>Clips of people not on the watchlist (or of no one known) with at least one alert.</summary>
    public Proportion StrangerClipsAlerted => new(Clips.Count(c => !c.OnWatchlist && c.FalseAlerts > 0), Clips.Count(c => !c.OnWatchlist));

    /// <summary>Clips of watchlisted people alerted for someone else as well as, or instead of, them.</summary>
    public Proportion WatchlistClipsWronglyAlerted => new(Clips.Count(c => c.OnWatchlist && c.FalseAlerts > 0), Clips.Count(c => c.OnWatchlist));
}
