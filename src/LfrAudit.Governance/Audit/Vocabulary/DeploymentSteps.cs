namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>Which deployment an entry is about, read the one way everywhere (the rules, the records, the IAG's report).</summary>
public static class DeploymentSteps
{
    /// <summary>The deployment a step after its planning belongs to: notice, start, end, cancellation, outcome, threshold change, document; else null.</summary>
    public static string? StepOf(IAuditEvent e) => e switch
    {
        NoticePublished x => x.Deployment,
        DeploymentStarted x => x.Deployment,
        DeploymentEnded x => x.Deployment,
        DeploymentCancelled x => x.Deployment,
        OutcomePublished x => x.Deployment,
        ThresholdChanged x => x.Deployment,
        DocumentPublished x => x.Deployment,
        _ => null,
    };

    /// <summary>Any entry about a deployment: its plan, its steps, a camera taking up its threshold, an older version's update.</summary>
    public static string? AnyOf(IAuditEvent e) => e switch
    {
        DeploymentPlanned x => x.Deployment,
        ThresholdApplied x => x.Deployment,
        DeploymentUpdated x => x.Deployment,
        _ => StepOf(e),
    };
}
