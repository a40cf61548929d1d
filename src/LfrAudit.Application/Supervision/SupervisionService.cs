using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Supervision;

/// <summary>
/// The supervisor's oversight: who decided what and how fast, what is waiting and for how long, threshold changes and
/// cameras' state. Reads the store only; shows no evidence (a supervisor never sees the images).
/// </summary>
public sealed class SupervisionService(IStore store)
{
    /// <summary>The overview as the store holds it now, on the store's clock.</summary>
    public SupervisorOverview Overview()
    {
        var now = store.Clock.GetUtcNow();
        var runs = store.Runs();
        var alerts = runs.Summaries(); // no evidence opened: a supervisor never sees it
        var decided = new List<(string By, AlertDecision Decision, TimeSpan Took)>();
        var waiting = new List<WaitingAlert>();
        foreach (var a in alerts)
        {
            if (store.Adjudications.FindAdjudication(a.Id) is { } d)
                decided.Add((d.By, d.Decision, d.At - a.RaisedAt));
            else
            {
                waiting.Add(new WaitingAlert(a.Id.Value, a.Camera.Value, a.Deployment?.Value, a.RaisedAt, now - a.RaisedAt));
            }
        }
        var decisions = decided.GroupBy(x => x.By, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var took = g.Select(x => x.Took).Order().ToList();
            return new OperatorDecisions(g.Key, g.Count(x => x.Decision is AlertDecision.Confirm), g.Count(x => x.Decision is AlertDecision.Reject),
                g.Count(x => x.Decision is AlertDecision.Unsure), Median(took), took[^1]);
        }).ToList();

        var inHand = store.Deployments.List().Where(d => d.State is DeploymentState.Planned or DeploymentState.NoticePublished or DeploymentState.Live).ToList();
        var changes = inHand.SelectMany(d => d.ThresholdChanges.Select(t => new ThresholdChangeView(d.Id.Value, t.From.Value, t.To.Value, t.By, t.Reason, t.At)))
            .OrderByDescending(t => t.At).ToList();
        var cameras = new List<CameraState>();
        foreach (var d in inHand)
        {
            var open = store.Deployments.RunsOf(d.Id).Where(r => r.Open).GroupBy(r => r.Camera).ToDictionary(g => g.Key, g => g.Last().Threshold.Value);
            cameras.AddRange(d.Cameras.Select(c => new CameraState(d.Id.Value, c.Value, open.TryGetValue(c, out var t) ? t : null)));
        }
        return new SupervisorOverview(now, decisions, [.. waiting.OrderBy(w => w.RaisedAt)], changes, cameras);
    }

    private static TimeSpan Median(List<TimeSpan> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
