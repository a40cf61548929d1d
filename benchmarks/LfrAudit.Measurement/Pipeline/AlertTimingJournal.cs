using System.Collections.Concurrent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>One alert as a live benchmark times it: which camera, whom it named, when it was recorded and how long after its frame was read.</summary>
public sealed record TimedAlert(string Camera, string Entry, DateTimeOffset RecordedAt, double MillisecondsAfterFrame);

/// <summary>
/// A journal that keeps nothing but when each alert was raised, against the time its frame was read from the camera
/// (the alert's capture time): the wait behind other frames, detection, tracking, embedding, search and the evidence's
/// cutting and encoding fall between the two; a store's sealing and writing of it would come after. Shared by every
/// camera of a run.
/// </summary>
public sealed class AlertTimingJournal(TimeProvider clock) : IRunJournal
{
    private readonly ConcurrentQueue<TimedAlert> _alerts = new();
    private long _count;

    /// <summary>Every alert so far, in the order raised.</summary>
    public IReadOnlyList<TimedAlert> Alerts => [.. _alerts];

    /// <inheritdoc />
    public AlertId RecordAlert(Alert alert)
    {
        var now = clock.GetUtcNow();
        _alerts.Enqueue(new TimedAlert(alert.Camera.Value, alert.Candidate.Value, now, (now - alert.CapturedAt).TotalMilliseconds));
        return new AlertId(Interlocked.Increment(ref _count));
    }

    /// <inheritdoc />
    public void BeginRun(RunStart start) { }
    /// <inheritdoc />
    public void RecordFaceCounts(FaceCountMinute counts) { }
    /// <inheritdoc />
    public void RecordSightings(AlertSightingsUpdate sightings) { }
    /// <inheritdoc />
    public void EndRun(RunSummary summary) { }
}
