using LfrAudit.Core.Identifiers;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// What happened to one person walking past: found at all, alerted for the right entry, alerted wrongly; and, for
/// sweeping the threshold afterwards, the best top-candidate score their searches gave for the right entry and for a
/// wrong one (NaN: no search had such a top candidate).
/// </summary>
public sealed record AppearanceOutcome(TruthAppearance Appearance, bool OnWatchlist, int FramesWithFace, bool RightAlert, IReadOnlyCollection<string> WrongCandidates,
    float BestRightScore = float.NaN, float BestWrongScore = float.NaN)
{
    /// <summary>The person's face was detected in at least one frame.</summary>
    public bool Detected => FramesWithFace > 0;
}

/// <summary>
/// The footage figures: each appearance's outcome, and how the system counted what it saw (people it tracked
/// against detections, searches made) beside the frames and hours of footage.
/// </summary>
public sealed record FootageResult(IReadOnlyList<AppearanceOutcome> Appearances, long Frames, double Hours, int UntrackedFaceTracks, int UntrackedFalseAlertTracks,
    long Detections = 0, long FacesSeen = 0, long Searches = 0, long Alerts = 0)
{
    /// <summary>Appearances (of those <paramref name="of"/> selects) whose face was detected at all.</summary>
    public Proportion DetectionRate(Func<AppearanceOutcome, bool>? of = null) => Rate(of, _ => true, a => a.Detected);

    /// <summary>TPIR per appearance: people on the watchlist alerted for the right entry at least once while in view.</summary>
    public Proportion TpirPerAppearance(Func<AppearanceOutcome, bool>? of = null) => Rate(of, a => a.OnWatchlist, a => a.RightAlert);

    /// <summary>False alerts: each (appearance, wrong candidate) once, plus alerts on faces no truth explains.</summary>
    public long FalseAlerts(Func<AppearanceOutcome, bool>? of = null) =>
        Appearances.Where(of ?? (_ => true)).Sum(a => a.WrongCandidates.Count) + (of is null ? UntrackedFalseAlertTracks : 0);

    /// <summary>False alerts over appearances (of those <paramref name="of"/> selects).</summary>
    public Proportion FalseAlertsPerAppearance(Func<AppearanceOutcome, bool>? of = null) =>
        new(FalseAlerts(of), Appearances.Count(of ?? (_ => true)));

    /// <summary>False alerts per hour of footage (NaN for footage of no length).</summary>
    public double FalseAlertsPerHour => Hours > 0 ? FalseAlerts() / Hours : double.NaN;

    private Proportion Rate(Func<AppearanceOutcome, bool>? of, Func<AppearanceOutcome, bool> counts, Func<AppearanceOutcome, bool> success)
    {
        var set = Appearances.Where(of ?? (_ => true)).Where(counts).ToList();
        return new Proportion(set.Count(success), set.Count);
    }
}

/// <summary>
/// Footage evaluation: the clip goes through detection, tracking, best-frame search and the per-person alert
/// rule exactly as in a live run, and each alert is tied to the person the truth says stands where it was
/// raised, so one person walking past is one appearance however many frames they fill. Faces no truth
/// explains (a poster, a false detection) are counted by track. Nothing is stored: this runs in memory only.
/// </summary>
public static class FootageEvaluation
{
    /// <summary>Runs detection, tracking and search over <paramref name="source"/> and scores every appearance against <paramref name="truth"/>.</summary>
    public static FootageResult Run(IFrameSource source, FootageTruth truth, IFaceDetector detector, IFaceEmbedder embedder, QualityGate gate,
        WatchlistIndex index, IReadOnlyDictionary<WatchlistEntryId, string> identityOfEntry, Threshold threshold, CancellationToken cancellation = default,
        TrackingOptions? tracking = null, IFaceSharpness? sharpness = null, int detectEvery = 1)
    {
        tracking ??= TrackingOptions.Default;
        // Faces looked for on a cadence, as a live run can (PipelineOptions.DetectEvery): what it costs is measured here.
        var cadence = DetectionCadence.For(detectEvery, tracking);
        var onWatchlist = identityOfEntry.Values.ToHashSet(StringComparer.Ordinal);
        // Each appearance is itself, whatever it says: two that say the same (truth read elsewhere than FootageTruth) stay two.
        IEqualityComparer<TruthAppearance> same = ReferenceEqualityComparer.Instance;
        var frames = new Dictionary<TruthAppearance, int>(same);
        var right = new HashSet<TruthAppearance>(same);
        var bestRight = new Dictionary<TruthAppearance, float>(same);
        var bestWrong = new Dictionary<TruthAppearance, float>(same);
        var wrong = truth.Appearances.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal), same);
        var closerLooks = new CloserLooks(tracking);
        var selection = new TrackedSearch(tracking, gate, sharpness, closerLooks);
        var matcher = new TrackMatcher(index, threshold, PipelineOptions.DefaultRepeatAlertWindow, tracking);
        var insideTruth = new HashSet<TrackId>();
        var outsideTruth = new HashSet<TrackId>();
        long frameCount = 0, detections = 0, searches = 0, alerts = 0, people = 0;
        int untrackedFalseAlerts = 0;

        // Decoding on a thread of its own: the search here is one thread, so the machine's other core would sit idle.
        foreach (var frame in ReadAhead.Frames(source, cancellation: cancellation))
            using (frame)
            {
                frameCount++;
                TrackedSelection selected;
                if (cadence.ShouldDetect(frame.Offset))
                {
                    var faces = detector.Detect(frame);
                    detections += faces.Count;
                    selected = selection.Select(frame, faces);
                    cadence.Settled(selection.Settled);
                }
                else selection.Coast(frame, selected = new TrackedSelection());
                foreach (var (face, track) in selected.Faces)
                {
                    var who = Who(truth, frame.Index, face);
                    if (who is not null) frames[who] = frames.GetValueOrDefault(who) + 1;
                    if (track is { } id) (who is null ? outsideTruth : insideTruth).Add(id);
                }
                foreach (var id in selected.Seen) matcher.Seen(id, frame.Offset);
                var search = selected.Search;
                searches += search.Count;
                using var batch = search.Count > 0 ? embedder.Embed(frame, search.Select(x => x.Face).ToList()) : null;
                for (int i = 0; i < search.Count; i++)
                {
                    var who = Who(truth, frame.Index, search[i].Face);
                    var found = index.Best(batch!.Row(i));
                    if (who is { } searched && found is { } top)
                    {
                        var topIdentity = identityOfEntry.GetValueOrDefault(top.Entry, top.Entry.Value);
                        var best = topIdentity == searched.Identity ? bestRight : bestWrong;
                        best[searched] = Math.Max(best.GetValueOrDefault(searched, float.NegativeInfinity), top.Score);
                    }
                    var decision = matcher.Search(search[i].Track, batch.Row(i), search[i].Quality, frame.Offset, found);
                    closerLooks.Searched(search[i].Track, found, threshold, alerted: decision is not TrackDecision.NonMatch, frame.Offset);
                    if (decision is not TrackDecision.NewAlert raise) continue;
                    matcher.Raised(raise, new AlertId(++alerts), frame.Offset);
                    var candidate = identityOfEntry.GetValueOrDefault(raise.Candidate.Entry, raise.Candidate.Entry.Value);
                    if (who is null) untrackedFalseAlerts++;
                    else if (candidate == who.Identity) right.Add(who);
                    else wrong[who].Add(candidate);
                }
                people += matcher.End(selected.Ended).Count;
                closerLooks.Forget(selected.Ended);
            }
        people += matcher.EndAll().Count;

        var outcomes = truth.Appearances.Select(a => new AppearanceOutcome(a, onWatchlist.Contains(a.Identity), frames.GetValueOrDefault(a), right.Contains(a), wrong[a],
            bestRight.GetValueOrDefault(a, float.NaN), bestWrong.GetValueOrDefault(a, float.NaN))).ToList();
        outsideTruth.ExceptWith(insideTruth);
        return new FootageResult(outcomes, frameCount, frameCount / truth.Fps / 3600.0, outsideTruth.Count, untrackedFalseAlerts,
            detections, people, searches, alerts);
    }

    private static TruthAppearance? Who(FootageTruth truth, long frame, DetectedFace face)
    {
        float cx = face.Box.X + face.Box.Width / 2, cy = face.Box.Y + face.Box.Height / 2;
        return truth.Appearances.FirstOrDefault(a => a.Contains(frame, cx, cy));
    }
}
