using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Calendar;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// When recognition may run for a deployment, and at which threshold. A deployment's run uses the threshold
/// recorded for it (changed only by an audited threshold change); a run outside any deployment uses the
/// threshold asked for, else the one calibrated for the model the watchlist was enrolled with.
/// </summary>
public static class RunRules
{
    /// <summary>Refuses a run for a deployment that is not live, is past its planned end, on a camera it does not name, or with its own threshold.</summary>
    public static void RequireRunnable(Deployment d, CameraId? camera, bool thresholdGiven, DateTimeOffset now)
    {
        if (d.State != DeploymentState.Live)
            throw new DeploymentRuleException($"deployment {d.Id} is {Deployment.Describe(d.State)}: recognition runs only while it is live");
        if (d.IsLivePastPlannedEnd(now))
            throw new DeploymentRuleException($"deployment {d.Id}: its planned end {LondonTime.Show(d.PlannedEnd)} has passed: recognition stops at the planned end; end the deployment");
        if (camera is { } c && !d.Cameras.Contains(c))
            throw new DeploymentRuleException($"camera '{c}' is not one of deployment {d.Id}'s cameras ({string.Join(", ", d.Cameras)})");
        if (thresholdGiven)
            throw new DeploymentRuleException($"deployment {d.Id} runs at its recorded threshold {d.Threshold}; change it through an authorised threshold change, which is recorded");
    }

    /// <summary>
    /// Refuses a second run on a camera of a deployment while one is open: two runs of one camera would count the same
    /// people twice and raise their alerts twice. A run whose process died is closed as interrupted by the next writing
    /// command (before this is asked), so only a run still going, or one on another host, stands in the way.
    /// </summary>
    public static void RequireCameraFree(Deployment d, CameraId camera, IEnumerable<DeploymentRun> runs)
    {
        if (runs.FirstOrDefault(r => r.Open && r.Camera == camera) is { } open)
            throw new DeploymentRuleException($"camera '{camera}' of deployment {d.Id} is already running in run {open.Run} (started {LondonTime.Show(open.StartedAt)}): one run per camera at a time; stop that run first");
    }

    /// <summary>The threshold in force for a run.</summary>
    public static Threshold ThresholdInForce(Deployment? deployment, Threshold? asked, Threshold modelDefault) =>
        deployment?.Threshold ?? asked ?? modelDefault;

    /// <summary>The camera a run records under: the one named, else the deployment's first, else "camera-1".</summary>
    public static CameraId CameraFor(Deployment? deployment, CameraId? named) => named ?? deployment?.Cameras[0] ?? new CameraId("camera-1");
}
