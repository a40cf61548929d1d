namespace LfrAudit.Vision.Streams;

/// <summary>
/// How patiently a network camera is read: how long to wait for it to answer, how long a silence counts as a
/// stall, how the waits between reconnection attempts grow, and how long a camera may be gone before its source
/// ends. The defaults suit a deployment; tests shorten them.
/// </summary>
internal sealed record StreamSettings
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan LongestRetry { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The long side, in pixels, ffmpeg scales a camera's pictures down to as it decodes them (null: the camera's own
    /// size). Smaller pictures cost less to hand over and convert, and detection scales to its 640 canvas anyway; faces
    /// are then embedded and kept as evidence from the smaller picture. Never scales up.
    /// </summary>
    public int? DecodeLongSide { get; init; }

    /// <summary>The decoder: Debian's ffmpeg on the PATH unless a path is given.</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    public static StreamSettings Default { get; } = new();
}
