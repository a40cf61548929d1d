using System.Security.Cryptography;
using LfrAudit.Governance.Alerts;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Alerts;

/// <summary>A face box, in pixels of the frame.</summary>
public sealed record BoxView(float X, float Y, float Width, float Height);

/// <summary>
/// An alert as a front end lists or queues it (the command line's JSON, the console's queue and its pushed alerts): never
/// the probe image or its embedding, only the crop's size and hash, so a listing can be logged or shared without
/// carrying biometric data. <see cref="Track"/> and <see cref="Sightings"/> say how long the person stayed in view.
/// </summary>
public sealed record AlertView(long Id, string Run, string Camera, long FrameIndex, DateTimeOffset CapturedAt, string Candidate, string Category,
    double Score, double Threshold, BoxView Box, int ProbeCropBytes, string ProbeCropSha256, DateTimeOffset RaisedAt, string? Track, int Sightings)
{
    /// <summary>The alert as a front end shows it.</summary>
    public static AlertView From(StoredAlert a) => new(a.Id.Value, a.Alert.Run.Value, a.Alert.Camera.Value, a.Alert.FrameIndex, a.Alert.CapturedAt,
        a.Alert.Candidate.Value, a.Alert.Category.ToName(), Math.Round(a.Alert.Score, 4), a.Alert.Threshold.Value,
        new BoxView(a.Alert.FaceBox.X, a.Alert.FaceBox.Y, a.Alert.FaceBox.Width, a.Alert.FaceBox.Height),
        a.Alert.ProbeCropJpeg.Length, Convert.ToHexStringLower(SHA256.HashData(a.Alert.ProbeCropJpeg)), a.RaisedAt, a.Alert.Track, a.Alert.Sightings);
}
