using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Pipeline;

/// <summary>
/// Holds back a second alert for the same candidate within a short window of capture time, so one person
/// walking past the camera is one alert. Only ids and times are held, never biometric data.
/// </summary>
internal sealed class RepeatAlertFilter(TimeSpan window)
{
    private readonly Dictionary<WatchlistEntryId, DateTimeOffset> _lastAlert = [];

    public bool IsRepeat(WatchlistEntryId candidate, DateTimeOffset capturedAt)
    {
        if (_lastAlert.TryGetValue(candidate, out var last) && capturedAt - last < window && capturedAt >= last)
            return true;
        _lastAlert[candidate] = capturedAt;
        return false;
    }
}
