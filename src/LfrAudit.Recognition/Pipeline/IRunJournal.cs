using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// Where a recognition run is recorded as it happens. Each call is durable when it returns, so a run
/// killed part-way keeps every alert and count recorded before the kill.
/// </summary>
public interface IRunJournal
{
    void BeginRun(RunStart start);
    AlertId RecordAlert(Alert alert);
    void RecordFaceCounts(FaceCountMinute counts);
    /// <summary>Attaches to an alert the sightings of its person since it was raised (how long they stayed in view, the best score).</summary>
    void RecordSightings(AlertSightingsUpdate sightings);
    void EndRun(RunSummary summary);
}
