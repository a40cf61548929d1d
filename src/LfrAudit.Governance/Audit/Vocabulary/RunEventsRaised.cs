using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// The audit events of a recognition run, from what the run records. The run journal appends them in the transaction
/// that records the run's change, because what they carry is given there (an alert's id, its evidence's hash).
/// </summary>
public static class RunEventsRaised
{
    /// <summary>
    /// The run.started entry of a run beginning: its source, watchlist, threshold, quality gate and model.
    /// </summary>
    public static RunStarted Event(this RunStart s) => new(s.Run.Value, s.Deployment?.Value, s.Camera.Value, s.Source, s.WatchlistName, s.WatchlistContentHash,
        s.WatchlistEntries, s.Threshold.Value, s.Gate.MinFaceSizePixels, s.Gate.MinDetectionScore, s.Sampling, s.ModelId)
    {
        ModelLicence = s.ModelLicence,
    };

    /// <summary>The run.ended entry of a run that finished: how it ended, in lower case, and its counts.</summary>
    public static RunEnded Event(this RunSummary s) => new(s.Run.Value, s.End.ToString().ToLowerInvariant(), s.FramesProcessed, s.FramesDroppedBehindLive,
        s.Detections, s.FacesSeen, s.FacesSearched, s.AlertsRaised);

    /// <summary>
    /// The run.interrupted entry closing a run whose process died, with the counts it had made durable.
    /// </summary>
    public static RunInterrupted Event(this InterruptedRun r) => new(r.Run.Value, r.FacesSeen, r.FacesSearched, r.AlertsRaised, r.ClosedAt);

    /// <summary>The faces.counted entry of one camera-minute: all a face that did not alert leaves behind.</summary>
    public static FacesCounted Event(this FaceCountMinute m) => new(m.Run.Value, m.Camera.Value, m.Minute, m.Detections, m.FacesSeen, m.FacesSearched,
        m.FacesNotSearchable, m.Alerts);

    /// <summary>The alert.sightings entry of an alert whose person has left view.</summary>
    public static AlertSighted Event(this AlertSightingsUpdate u) => new(u.Alert.Value, u.Sightings, u.LastSeenAt, u.BestScore);

    /// <summary>The alert.raised entry of an alert, once the store has given it its id.</summary>
    /// <param name="evidenceSha256">The hash of the evidence, never the evidence.</param>
    public static AlertRaised Event(this Alert a, AlertId id, string evidenceSha256) => new(id.Value, a.Run.Value, a.Camera.Value, a.FrameIndex, a.CapturedAt,
        a.Candidate.Value, a.Category.ToName(), a.Score, a.Threshold.Value, a.Track, evidenceSha256);
}
