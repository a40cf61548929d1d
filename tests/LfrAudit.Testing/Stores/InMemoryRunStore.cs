using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryRunStore(InMemoryStore store) : IRunStore
{
    public void BeginRun(RunStart start) => store.Write(data =>
    {
        if (!data.Runs.TryAdd(start.Run, new RunRecord(start, null))) throw new InvalidOperationException($"run {start.Run} already exists");
        store.Append(start.Event());
    });

    public AlertId RecordAlert(Alert alert) => store.Write(data =>
    {
        var id = new AlertId(data.Alerts.Count + 1);
        data.Alerts.Add(new AlertRecord(id, alert, store.Clock.GetUtcNow(), EvidenceHeld: true));
        // The log holds the hash of the evidence, never the evidence.
        var evidence = alert.EvidenceSha256(InMemoryStore.Bytes(alert.ProbeEmbedding));
        store.Append(alert.Event(id, evidence));
        return id;
    });

    public void RecordFaceCounts(FaceCountMinute m) => store.Write(data =>
    {
        int i = data.FaceCounts.FindIndex(f => f.Run == m.Run && f.Camera == m.Camera && f.Minute == m.Minute);
        if (i < 0) data.FaceCounts.Add(m);
        else
        {
            var f = data.FaceCounts[i];
            data.FaceCounts[i] = f with { FacesSeen = f.FacesSeen + m.FacesSeen, FacesSearched = f.FacesSearched + m.FacesSearched,
                FacesNotSearchable = f.FacesNotSearchable + m.FacesNotSearchable, Alerts = f.Alerts + m.Alerts, Detections = f.Detections + m.Detections };
        }
        store.Append(m.Event());
    });

    public void RecordSightings(AlertSightingsUpdate u) => store.Write(data =>
    {
        int i = data.Alerts.FindIndex(a => a.Id == u.Alert);
        if (i < 0) return;
        var a = data.Alerts[i].Alert;
        var last = a.LastSeenAt ?? a.CapturedAt;
        data.Alerts[i] = data.Alerts[i] with { Alert = a with { Sightings = Math.Max(a.Sightings, u.Sightings), LastSeenAt = u.LastSeenAt > last ? u.LastSeenAt : last } };
        store.Append(u.Event());
    });

    public void EndRun(RunSummary summary) => store.Write(data =>
    {
        data.Runs[summary.Run] = data.Runs[summary.Run] with { End = summary };
        store.Append(summary.Event());
    });

    /// <summary>A store in memory lives and dies with the process that runs its runs: no run of it can outlive its process.</summary>
    public IReadOnlyList<InterruptedRun> CloseInterruptedRuns() => [];

    public (string Name, string ContentHash)? WatchlistOf(RunId run) =>
        store.Read(data => data.Runs.TryGetValue(run, out var r) ? (r.Start.WatchlistName, r.Start.WatchlistContentHash) : ((string, string)?)null);

    public DeploymentId? DeploymentOf(RunId run) => store.Read(data => data.Runs.TryGetValue(run, out var r) ? r.Start.Deployment : null);

    public IReadOnlyList<StoredAlert> List(RunId? run = null) => store.Read(data =>
        // Copies of the evidence, as a real store decrypts a fresh one each time: a caller that wipes what it was given wipes only that.
        data.Alerts.Where(a => run is null || a.Alert.Run == run)
            .Select(a => new StoredAlert(a.Id, a.Alert with { ProbeCropJpeg = [.. a.Alert.ProbeCropJpeg], ProbeEmbedding = [.. a.Alert.ProbeEmbedding], SceneJpeg = [.. a.Alert.SceneJpeg] }, a.RaisedAt)).ToList());

    public StoredAlert? Find(AlertId id) => List().FirstOrDefault(a => a.Id == id);

    public IReadOnlyList<AlertSummary> Summaries() => List().Select(a => new AlertSummary(a.Id, a.Alert.Run, DeploymentOf(a.Alert.Run), a.Alert.Camera,
        a.Alert.FrameIndex, a.Alert.CapturedAt, a.Alert.Candidate, a.Alert.Category, a.Alert.Score, a.Alert.Threshold, a.Alert.FaceBox, a.RaisedAt,
        a.Alert.Track, a.Alert.Sightings, a.Alert.LastSeenAt, a.Alert.ProbeCropJpeg.Length > 0)).ToList();

    public IReadOnlyList<AlertSummary> Undecided() => Summaries().Where(a => store.Adjudications.FindAdjudication(a.Id) is null).ToList();

    public AlertSummary? Summary(AlertId id) => Summaries().FirstOrDefault(a => a.Id == id);
}
