using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// One person walking past one camera of one deployment, as the evaluation pass over the same footage saw them: their
/// labels, whether they were on the watchlist, frames in view and with a face found, whether the right alert came,
/// how many wrong candidates alerted, and their best top-candidate scores (for sweeping the threshold afterwards).
/// Test subjects from public labelled sets only: no embedding or pixel is kept.
/// </summary>
internal sealed record SimulatedAppearance(string Deployment, string Camera, string Identity, string Image, IReadOnlyDictionary<string, string> Groups,
    bool Watchlisted, int FramesInView, int FramesWithFace, bool RightAlert, int WrongCandidates, float? BestRightScore, float? BestWrongScore)
{
    public static SimulatedAppearance From(string deployment, string camera, string image, AppearanceOutcome o) =>
        new(deployment, camera, o.Appearance.Identity, image, o.Appearance.Groups ?? new Dictionary<string, string>(), o.OnWatchlist,
            o.Appearance.LastFrame - o.Appearance.FirstFrame + 1, o.FramesWithFace, o.RightAlert, o.WrongCandidates.Count,
            float.IsNaN(o.BestRightScore) ? null : o.BestRightScore, float.IsNaN(o.BestWrongScore) ? null : o.BestWrongScore);

    public SearchOutcome AsSearch() => Watchlisted
        ? new SearchOutcome(Identity, true, BestRightScore is not null, BestRightScore ?? -1, Groups)
        : new SearchOutcome(Identity, false, false, BestWrongScore ?? -1, Groups);
}
