using LfrAudit.Governance.Deployments;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// A recognition run is started once, and what it records — minutes of counts, alerts, a threshold taken up — falls
/// between its start and its end in its own log (the run journal writes all of them to the log of the site it runs for).
/// A run of a deployment starts only while that deployment is live, before its planned end (<see cref="RunRules"/>):
/// not before it went live, nor once it ended or was cancelled; a run
/// with no deployment (an ad-hoc <c>lfr run</c>) is legitimate, and shown as such. A run is closed once, by its end or as
/// interrupted; a run another log started may be closed as interrupted in this one (a central store's upkeep closes
/// every dead run of its host into the log of the site it is working for).
/// </summary>
internal sealed class RunRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        switch (e)
        {
            case RunStarted s:
                if (before.Runs.TryGetValue(s.Run, out var first)) problem($"run {Shown.Text(s.Run)} is started again (first at entry {first.StartedAt})");
                if (s.Deployment is not { } id) break;
                if (!before.Deployments.TryGetValue(id, out var d))
                    problem($"run {Shown.Text(s.Run)} searches for deployment {Shown.Text(id)}, which no earlier entry of this log planned");
                else if (d.Started is null && !d.StageUnknown)
                    problem($"run {Shown.Text(s.Run)} searches for deployment {Shown.Text(id)}, which has not gone live: recognition runs only while a deployment is live");
                else if (!d.StageUnknown && d.Stage != DeploymentState.Live)
                    problem($"run {Shown.Text(s.Run)} searches for deployment {Shown.Text(id)}, which is {Deployment.Describe(d.Stage)}: recognition runs only while a deployment is live");
                else if (!d.StageUnknown && entry.At >= d.Plan.PlannedEnd)
                    problem($"run {Shown.Text(s.Run)} searches for deployment {Shown.Text(id)} from {Shown.Time(entry.At)}, past its planned end {Shown.Time(d.Plan.PlannedEnd)}: recognition stops at the planned end");
                break;
            case FacesCounted f: Open(f.Run, "counts", before, problem); break;
            case AlertRaised a: Open(a.Run, $"alert {a.Alert}", before, problem); break;
            case ThresholdApplied t: Open(t.Run, "a threshold taken up", before, problem); break;
            case RunEnded x:
                if (!before.Runs.TryGetValue(x.Run, out var ended)) problem($"run {Shown.Text(x.Run)} ends, but no earlier entry of this log started it");
                else if (ended.ClosedAt is { } at) problem($"run {Shown.Text(x.Run)} ends again (it was closed at entry {at})");
                break;
            case RunInterrupted x when before.Runs.TryGetValue(x.Run, out var interrupted) && interrupted.ClosedAt is { } closed:
                problem($"run {Shown.Text(x.Run)} is closed as interrupted, but it was closed at entry {closed}");
                break;
        }
    }

    private static void Open(string run, string what, LogSoFar before, Action<string> problem)
    {
        if (!before.Runs.TryGetValue(run, out var r)) problem($"{what} of run {Shown.Text(run)}, which no earlier entry of this log started");
        else if (r.ClosedAt is { } closed) problem($"{what} of run {Shown.Text(run)}, which was closed at entry {closed}");
    }
}
