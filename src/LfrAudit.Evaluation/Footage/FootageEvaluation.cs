using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Ports;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Footage;

/// <summary>What happened to one person walking past: found at all, alerted for the right entry, alerted wrongly.</summary>
public sealed record AppearanceOutcome(TruthAppearance Appearance, bool OnWatchlist, int FramesWithFace, bool RightAlert, IReadOnlyCollection<string> WrongCandidates)
{
    public bool Detected => FramesWithFace > 0;
}

public sealed record FootageResult(IReadOnlyList<AppearanceOutcome> Appearances, long Frames, double Hours, int UntrackedFaceTracks, int UntrackedFalseAlertTracks)
{
    public Proportion DetectionRate(Func<AppearanceOutcome, bool>? of = null) => Rate(of, _ => true, a => a.Detected);

    /// <summary>TPIR per appearance: people on the watchlist alerted for the right entry at least once while in view.</summary>
    public Proportion TpirPerAppearance(Func<AppearanceOutcome, bool>? of = null) => Rate(of, a => a.OnWatchlist, a => a.RightAlert);

    /// <summary>False alerts: each (appearance, wrong candidate) once, plus face tracks no truth explains that alerted.</summary>
    public long FalseAlerts(Func<AppearanceOutcome, bool>? of = null) =>
        Appearances.Where(of ?? (_ => true)).Sum(a => a.WrongCandidates.Count) + (of is null ? UntrackedFalseAlertTracks : 0);

    public Proportion FalseAlertsPerAppearance(Func<AppearanceOutcome, bool>? of = null) =>
        new(FalseAlerts(of), Appearances.Count(of ?? (_ => true)));

    public double FalseAlertsPerHour => Hours > 0 ? FalseAlerts() / Hours : double.NaN;

    private Proportion Rate(Func<AppearanceOutcome, bool>? of, Func<AppearanceOutcome, bool> counts, Func<AppearanceOutcome, bool> success)
    {
        var set = Appearances.Where(of ?? (_ => true)).Where(counts).ToList();
        return new Proportion(set.Count(success), set.Count);
    }
}

/// <summary>
/// Footage evaluation: every frame is searched as in a live run, and each face is tied to the person the
/// truth says stands there, so one person walking past is one appearance however many frames they fill.
/// Faces no truth explains (a poster, a false detection) are tracked by overlap from frame to frame and
/// counted per track. Nothing is stored: this runs in memory only.
/// </summary>
public static class FootageEvaluation
{
    public static FootageResult Run(IFrameSource source, FootageTruth truth, IFaceDetector detector, IFaceEmbedder embedder, QualityGate gate,
        WatchlistIndex index, IReadOnlyDictionary<WatchlistEntryId, string> identityOfEntry, Threshold threshold, CancellationToken cancellation = default)
    {
        var onWatchlist = identityOfEntry.Values.ToHashSet(StringComparer.Ordinal);
        var frames = new Dictionary<TruthAppearance, int>();
        var right = new HashSet<TruthAppearance>();
        var wrong = truth.Appearances.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal));
        var tracks = new List<(BoxF Box, long Frame, bool Alerted)>();
        long frameCount = 0;

        foreach (var frame in source.ReadFrames(cancellation))
            using (frame)
            {
                frameCount++;
                var faces = detector.Detect(frame);
                var searchable = faces.Where(gate.Admits).ToList();
                using var batch = searchable.Count > 0 ? embedder.Embed(frame, searchable) : null;
                foreach (var face in faces)
                {
                    float cx = face.Box.X + face.Box.Width / 2, cy = face.Box.Y + face.Box.Height / 2;
                    var who = truth.Appearances.FirstOrDefault(a => a.Contains(frame.Index, cx, cy));
                    string? candidate = null;
                    int i = searchable.IndexOf(face);
                    if (i >= 0 && index.Best(batch!.Row(i)) is { } best && threshold.IsReachedBy(best.Score))
                        candidate = identityOfEntry.GetValueOrDefault(best.Entry, best.Entry.Value);
                    if (who is not null)
                    {
                        frames[who] = frames.GetValueOrDefault(who) + 1;
                        if (candidate is null) continue;
                        if (candidate == who.Identity) right.Add(who);
                        else wrong[who].Add(candidate);
                    }
                    else Track(tracks, face.Box, frame.Index, candidate is not null);
                }
            }

        var outcomes = truth.Appearances.Select(a => new AppearanceOutcome(a, onWatchlist.Contains(a.Identity), frames.GetValueOrDefault(a), right.Contains(a), wrong[a])).ToList();
        return new FootageResult(outcomes, frameCount, frameCount / truth.Fps / 3600.0, tracks.Count, tracks.Count(t => t.Alerted));
    }

    // A face no truth explains joins the track it overlaps most (IoU > 0.3, seen within the last 5 frames), or starts one.
    private static void Track(List<(BoxF Box, long Frame, bool Alerted)> tracks, BoxF box, long frame, bool alerted)
    {
        int best = -1;
        float bestIou = 0.3f;
        for (int t = 0; t < tracks.Count; t++)
        {
            if (frame - tracks[t].Frame > 5) continue;
            float iou = tracks[t].Box.IntersectionOverUnion(box);
            if (iou > bestIou) { bestIou = iou; best = t; }
        }
        if (best < 0) tracks.Add((box, frame, alerted));
        else tracks[best] = (box, frame, tracks[best].Alerted || alerted);
    }
}
