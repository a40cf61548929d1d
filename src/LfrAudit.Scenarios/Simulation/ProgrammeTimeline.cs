using LfrAudit.Evaluation.Simulation;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Scenarios.Simulation;

internal enum StepKind { Enrol, Notice, Live, End, Outcome, Close }

/// <summary>One step of a programme on the simulation clock; its key says it is done in the state file.</summary>
internal sealed record ProgrammeStep(DateTimeOffset At, StepKind Kind, ScenarioDeployment? Deployment, string Title)
{
    public string Key => Deployment is null ? Kind.ToString().ToLowerInvariant() : $"{Kind.ToString().ToLowerInvariant()}:{Deployment.Id}";
}

/// <summary>
/// The programme's steps in time order, whichever deployment they belong to: watchlists enrolled ten days before the
/// first deployment; each notice eight days ahead (the rule is seven), each deployment live, ended, and its outcome
/// report published the next day (the rule is five working days); the record closed once the last confirmed match's
/// evidence is due for deletion.
/// </summary>
internal static class ProgrammeTimeline
{
    public static DateTimeOffset StartOf(ScenarioDeployment d) => LondonTime.StartOf(d.Date).Add(d.Start.ToTimeSpan());

    public static DateTimeOffset EndOf(ScenarioDeployment d) => StartOf(d).AddHours(d.Hours);

    public static IReadOnlyList<ProgrammeStep> Of(ProgrammeScenario s)
    {
        var first = s.Deployments.Min(d => d.Date);
        var steps = new List<ProgrammeStep> { new(LondonTime.StartOf(first.AddDays(-10)).AddHours(9), StepKind.Enrol, null, "Enrol the programme's watchlists") };
        foreach (var d in s.Deployments)
        {
            steps.Add(new(LondonTime.StartOf(d.Date.AddDays(-8)).AddHours(9), StepKind.Notice, d, $"{d.Id}: plan and publish the notice ({d.Location.Name}, {d.Date:yyyy-MM-dd})"));
            steps.Add(new(StartOf(d), StepKind.Live, d, $"{d.Id}: live with {d.Cameras} camera{(d.Cameras == 1 ? "" : "s")}, {d.FootfallPerMinute:0.#} passers a minute, threshold {d.Threshold:0.00}"));
            steps.Add(new(EndOf(d), StepKind.End, d, $"{d.Id}: end"));
            steps.Add(new(LondonTime.StartOf(LondonTime.DateOf(EndOf(d)).AddDays(1)).AddHours(11), StepKind.Outcome, d, $"{d.Id}: publish the outcome report"));
        }
        steps.Add(new(steps.Max(x => x.At).AddDays(s.RetentionDays + 1), StepKind.Close, null, "Retention ends for the last confirmed matches: close the record"));
        return steps.OrderBy(x => x.At).ThenBy(x => x.Kind).ThenBy(x => x.Deployment?.Number ?? 0).ToList();
    }
}
