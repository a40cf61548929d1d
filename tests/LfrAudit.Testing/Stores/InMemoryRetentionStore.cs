using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryRetentionStore(InMemoryStore store) : IRetentionStore
{
    // A run outside any deployment follows the default policy and counts as ended when the run ended.
    public IReadOnlyList<HeldEvidence> ListHeldEvidence() => store.Read(data => data.Alerts.Where(a => a.EvidenceHeld).Select(a =>
    {
        var run = data.Runs[a.Alert.Run];
        var deployment = run.Start.Deployment is { } id ? data.Deployments.FirstOrDefault(d => d.Id == id) : null;
        var decision = data.Adjudications.GetValueOrDefault(a.Id);
        return new HeldEvidence(a.Id, a.RaisedAt, decision?.Decision, decision?.At, deployment is null ? run.End?.EndedAt : deployment.EndedAt,
            deployment?.Retention ?? RetentionPolicy.Default);
    }).ToList());

    public Purge DeleteEvidence(IReadOnlyList<AlertId> alerts, string reason, DateTimeOffset at) => store.Write(data =>
    {
        int deleted = 0;
        foreach (var id in alerts)
        {
            int i = data.Alerts.FindIndex(a => a.Id == id && a.EvidenceHeld);
            if (i < 0) continue;
            var a = data.Alerts[i];
            data.Alerts[i] = a with { Alert = a.Alert with { ProbeCropJpeg = [], ProbeEmbedding = [], SceneJpeg = [] }, EvidenceHeld = false };
            deleted++;
        }
        var purge = new Purge(data.Purges.Count + 1, at, reason, deleted);
        data.Purges.Add(purge);
        store.Append(new EvidencePurged(purge.Id, reason, deleted, at));
        return purge;
    });
}
