using LfrAudit.Pages;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>The programme report for people, as one page (<see cref="ProgrammeReportView"/>).</summary>
internal static class ProgrammeReportPage
{
    public static string Render(ProgrammeReport r) =>
        PageRenderer.Render<ProgrammeReportView>(new Dictionary<string, object?> { [nameof(ProgrammeReportView.R)] = r });
}
