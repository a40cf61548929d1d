namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// Which of a camera's frames the detector runs on. Detection is the dearest step a frame takes (about 10 ms at the
/// detector's 640 canvas, against well under 1 ms for tracking), and at 25 frames a second a face moves a few pixels
/// between frames: every frame is still tracked (its tracks' boxes predicted by their motion), but faces are looked for
/// only every <see cref="Every"/>th frame, and at once on the next frame whenever the last detection left tracking
/// unsettled (a new face, or a face the tracks expected and did not find), so that a newcomer's track is confirmed, and
/// one passing behind another is caught as it reappears, at the full rate. However many frames that is, detection runs
/// at least every <see cref="MaxInterval"/> of source time, so a slow stream is not left to prediction for long.
/// Not thread-safe: one per camera, asked in frame order.
/// </summary>
public sealed class DetectionCadence
{
    /// <summary>The longest a camera goes without detection, in source time, whatever <see cref="Every"/> says.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(200);

    private int _sinceDetection;
    private TimeSpan? _lastDetected;
    private bool _unsettled = true;

    /// <summary>The cadence a source gets: <paramref name="every"/> where its faces are tracked, else every frame (nothing to follow between).</summary>
    public static DetectionCadence For(int every, TrackingOptions tracking) => new(tracking.Enabled ? every : 1);

    /// <summary>A cadence of one detection in <paramref name="every"/> frames (1 to 10).</summary>
    public DetectionCadence(int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(every, 10);
        Every = every;
    }

    /// <summary>Detect on one frame in this many when tracking is settled.</summary>
    public int Every { get; }

    /// <summary>Frames searched for faces so far.</summary>
    public long Detected { get; private set; }

    /// <summary>Frames tracked by prediction alone so far.</summary>
    public long Predicted { get; private set; }

    /// <summary>Whether the frame at <paramref name="offset"/> (source time) is to be searched for faces.</summary>
    public bool ShouldDetect(TimeSpan offset)
    {
        bool detect = Every == 1 || _unsettled || _lastDetected is not { } last || ++_sinceDetection >= Every || offset - last >= MaxInterval || offset < last;
        if (detect) { Detected++; _sinceDetection = 0; _lastDetected = offset; }
        else Predicted++;
        return detect;
    }

    /// <summary>What the tracker made of the last detected frame: unsettled tracking asks for detection on the next frame.</summary>
    public void Settled(bool settled) => _unsettled = !settled;
}
