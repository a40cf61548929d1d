using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// Accumulates faces seen per camera per minute and hands each minute to the journal once frames have moved
/// past it. Counts are all it ever holds.
/// </summary>
internal sealed class FaceCountLedger(RunId run, CameraId camera, Action<FaceCountMinute> flush, TimeSpan commitInterval)
{
    private readonly System.Diagnostics.Stopwatch _sinceCommit = System.Diagnostics.Stopwatch.StartNew();
    private DateTimeOffset? _minute;
    private int _detections, _seen, _searched, _notSearchable, _alerts;

    /// <param name="seen">People (tracks) that left view with this frame.</param>
    public void Add(DateTimeOffset capturedAt, int detections, int seen, int searched, int alerts)
    {
        var minute = new DateTimeOffset(capturedAt.UtcTicks - capturedAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (_minute != minute)
        {
            Flush();
            _minute = minute;
        }
        _detections += detections;
        _seen += seen;
        _searched += searched;
        _notSearchable += seen - searched;
        _alerts += alerts;
        // A part-minute is committed too (the store adds it to the same minute), so a kill loses little.
        if (_sinceCommit.Elapsed >= commitInterval) Commit();
    }

    public void Flush()
    {
        Commit();
        _minute = null;
    }

    private void Commit()
    {
        if (_minute is { } m && _detections + _seen + _alerts > 0)
            flush(new FaceCountMinute(run, camera, m, _seen, _searched, _notSearchable, _alerts, _detections));
        _detections = _seen = _searched = _notSearchable = _alerts = 0;
        _sinceCommit.Restart();
    }
}
