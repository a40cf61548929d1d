using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application.Runs;

/// <summary>A finished run as a front end reports it: what was searched, against what, at which threshold, and what came of it.</summary>
public sealed record RunReport(string Run, RunEnd End, string Camera, string Watchlist, string WatchlistHash, int WatchlistEntries, double Threshold,
    string Sampling, long FramesRead, long FramesSkippedBySampling, long FramesDroppedBehindLive, long FramesProcessed, long Detections, long FacesSeen,
    long FacesSearched, long FacesNotSearchable, long Searches, long Alerts, long RepeatSightings, long NonMatchesDiscarded, double Seconds, double FramesPerSecond,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Faces looked for on one frame in this many (1: every frame), the frames between tracked by motion.</summary>
    public int DetectEvery { get; init; } = 1;

    /// <summary>Frames the detector ran on (at a cadence above 1, fewer than those processed).</summary>
    public long FramesDetected { get; init; }

    /// <summary>The run's report, from its summary, options and watchlist.</summary>
    public static RunReport From(RunSummary s, PipelineOptions o, EnrolledWatchlist w) => new(s.Run.Value, s.End, o.Camera.Value, w.Name, w.ContentHash,
        w.Entries.Count, o.Threshold.Value, o.Sampling.ToString(), s.FramesRead, s.FramesSkippedBySampling, s.FramesDroppedBehindLive, s.FramesProcessed,
        s.Detections, s.FacesSeen, s.FacesSearched, s.FacesNotSearchable, s.Searches, s.AlertsRaised, s.RepeatSightings, s.NonMatchesDiscarded,
        Math.Round(s.Elapsed.TotalSeconds, 3), Math.Round(s.FramesPerSecond, 2), s.Warnings)
    { DetectEvery = o.DetectEvery, FramesDetected = s.FramesDetected };
}
