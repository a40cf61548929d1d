using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>
/// Where a recognition run is recorded as it happens. Each call is durable when it returns, so a run
/// killed part-way keeps every alert and count recorded before the kill.
/// </summary>
public interface IRunJournal
{
    /// <summary>Records the run's start, with everything that decides its searches.</summary>
    void BeginRun(RunStart start);
    /// <summary>Records an alert durably, with its sealed evidence, before an operator sees it; returns its id.</summary>
    AlertId RecordAlert(Alert alert);
    /// <summary>Records a minute's counts of people seen, searched and alerted for: never who they were.</summary>
    void RecordFaceCounts(FaceCountMinute counts);
    /// <summary>Attaches to an alert the sightings of its person since it was raised (how long they stayed in view, the best score).</summary>
    void RecordSightings(AlertSightingsUpdate sightings);
    /// <summary>Records how the run ended and what it did.</summary>
    void EndRun(RunSummary summary);
}
