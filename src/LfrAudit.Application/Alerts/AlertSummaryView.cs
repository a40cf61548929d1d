using LfrAudit.Governance.Alerts;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Alerts;

/// <summary>
/// An alert as a queue shows it (the console's cards and its pushed alerts): read from its summary, so listing it opens no
/// sealed evidence; <see cref="EvidenceHeld"/> says whether its images can still be opened, one alert at a time.
/// </summary>
public sealed record AlertSummaryView(long Id, string Run, string Camera, long FrameIndex, DateTimeOffset CapturedAt, string Candidate, string Category,
    double Score, double Threshold, BoxView Box, DateTimeOffset RaisedAt, string? Track, int Sightings, bool EvidenceHeld)
{
    /// <summary>The summary as a front end shows it.</summary>
    public static AlertSummaryView From(AlertSummary a) => new(a.Id.Value, a.Run.Value, a.Camera.Value, a.FrameIndex, a.CapturedAt, a.Candidate.Value,
        a.Category.ToName(), Math.Round(a.Score, 4), a.Threshold.Value, new BoxView(a.FaceBox.X, a.FaceBox.Y, a.FaceBox.Width, a.FaceBox.Height),
        a.RaisedAt, a.Track, a.Sightings, a.EvidenceHeld);
}
