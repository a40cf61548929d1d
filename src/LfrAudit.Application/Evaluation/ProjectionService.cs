using LfrAudit.Evaluation.Projections;

namespace LfrAudit.Application.Evaluation;

/// <summary>Planning figures: what a deployment should expect, projected from an image-set evaluation's measured rates.</summary>
public static class ProjectionService
{
    /// <param name="threshold">Only this threshold (the nearest the report measured), else every threshold it measured.</param>
    public static IReadOnlyList<Projection> Project(string evaluationReport, PlannedDeployment plan, double? threshold)
    {
        var rates = ProjectionInputs.FromReport(evaluationReport);
        if (threshold is { } t) rates = [rates.MinBy(r => Math.Abs(r.Threshold - t))!];
        return rates.Select(r => DeploymentProjection.Project(r, plan)).ToList();
    }
}
