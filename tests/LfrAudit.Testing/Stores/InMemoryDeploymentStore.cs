using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryDeploymentStore(InMemoryStore store) : IDeploymentStore
{
    public void Add(Deployment d) => store.Write(data =>
    {
        if (data.Deployments.Any(x => x.Id == d.Id)) throw new DeploymentRuleException($"deployment {d.Id} already exists");
        data.Deployments.Add(InMemoryStoreData.Copy(d));
    });

    public void Update(Deployment d) => store.Write(data =>
    {
        int i = data.Deployments.FindIndex(x => x.Id == d.Id);
        if (i < 0) throw new DeploymentRuleException($"deployment {d.Id} does not exist");
        var before = data.Deployments[i];
        data.Deployments[i] = InMemoryStoreData.Copy(d);
    });

    public Deployment? Find(DeploymentId id) => store.Read(data => data.Deployments.FirstOrDefault(x => x.Id == id) is { } d ? InMemoryStoreData.Copy(d) : null);

    public IReadOnlyList<Deployment> List() => store.Read(data =>
        data.Deployments.OrderBy(d => d.PlannedStart).ThenBy(d => d.Id.Value, StringComparer.Ordinal).Select(InMemoryStoreData.Copy).ToList());

    public IReadOnlyList<DeploymentRun> RunsOf(DeploymentId id) => store.Read(data => data.Runs.Values
        .Where(r => r.Start.Deployment == id).OrderBy(r => r.Start.StartedAt)
        .Select(r => new DeploymentRun(r.Start.Run, r.Start.Camera, r.Start.Threshold, r.Start.StartedAt, r.End?.End.ToString().ToLowerInvariant(), r.End?.FacesSeen ?? 0)).ToList());

    public OutcomeFigures Figures(DeploymentId id) => store.Read(data =>
    {
        var runs = data.Runs.Values.Where(r => r.Start.Deployment == id).Select(r => r.Start.Run).ToHashSet();
        var alerts = data.Alerts.Where(a => runs.Contains(a.Alert.Run)).Select(a => a.Id).ToList();
        long Decided(AlertDecision v) => alerts.Count(a => data.Adjudications.TryGetValue(a, out var j) && j.Decision == v);
        var engagements = alerts.Where(data.Engagements.ContainsKey).GroupBy(a => data.Engagements[a].Outcome).ToDictionary(g => g.Key, g => (long)g.Count());
        return new OutcomeFigures(data.FaceCounts.Where(f => runs.Contains(f.Run)).Sum(f => (long)f.FacesSeen), alerts.Count,
            Decided(AlertDecision.Confirm), Decided(AlertDecision.Reject), Decided(AlertDecision.Unsure), alerts.Count(a => !data.Adjudications.ContainsKey(a)),
            engagements, data.Runs.Values.Count(r => r.Start.Deployment == id && r.End?.End == RunEnd.Interrupted))
        {
            Models = [.. data.Runs.Values.Where(r => r.Start.Deployment == id).Select(r => r.Start.ModelId).Distinct().Order(StringComparer.Ordinal)],
        };
    });
}
