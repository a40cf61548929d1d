using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application;
using LfrAudit.Core.Identifiers;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Scenarios.Simulation;

namespace LfrAudit.Scenarios.Tests;

/// <summary>The programme's clock keeps the publication rules for any dates, and the scripted operators err at their rate.</summary>
[Trait("Category", "Dates")]
public sealed class ProgrammeTimelineTests
{
    private static ProgrammeScenario Scenario(IEnumerable<DateOnly> dates, double hours)
    {
        var yaml = "locations: {a: {scene: v.mp4}}\ndeployments:\n" +
            string.Concat(dates.Select((d, i) => $"  - {{id: D{i}, date: {d:yyyy-MM-dd}, location: a, hours: {hours.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}\n"));
        return ScenarioFile.Parse(yaml, "t.yaml");
    }

    [Fact]
    public void Notices_come_seven_days_ahead_and_outcomes_within_five_working_days_in_time_order_for_any_dates()
    {
        var dates = Gen.ListOf(Gen.Choose(0, 1000).Select(d => new DateOnly(2026, 1, 1).AddDays(d))).Where(l => l.Count is > 0 and < 12);
        Prop.ForAll(dates.ToArbitrary(), Gen.Choose(1, 48).ToArbitrary(), (list, halfHours) =>
        {
            var s = Scenario(list, halfHours / 2.0);
            var steps = ProgrammeTimeline.Of(s);
            bool ordered = steps.Zip(steps.Skip(1)).All(p => p.First.At <= p.Second.At);
            bool rules = s.Deployments.All(d =>
            {
                var notice = steps.Single(x => x.Kind == StepKind.Notice && x.Deployment == d).At;
                var outcome = steps.Single(x => x.Kind == StepKind.Outcome && x.Deployment == d).At;
                var end = ProgrammeTimeline.EndOf(d);
                return DeploymentRules.NoticeIsTimely(notice, ProgrammeTimeline.StartOf(d))
                    && outcome > end && outcome <= UseCases.Calendar.AddWorkingDays(LondonTime.DateOf(end), 5).ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc).AddDays(1);
            });
            bool bookends = steps[0].Kind == StepKind.Enrol && steps[^1].Kind == StepKind.Close && steps.Select(x => x.Key).Distinct().Count() == steps.Count;
            return ordered && rules && bookends;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Operators_err_at_the_set_rate_and_decide_the_same_alert_the_same_way_every_time()
    {
        var op = new SimulatedOperator(seed: 3, errorRate: 0.1);
        var alerts = Enumerable.Range(0, 4000).Select(i => new Alert(new RunId("1"), new CameraId("c"), i, DateTimeOffset.UnixEpoch, new WatchlistEntryId("SIM-0001"),
            WatchlistCategory.WantedSeriousOffence, 0.7f, new Threshold(0.6), new BoxF(0, 0, 10, 10), [], [])).ToList();
        var decisions = alerts.Select(a => op.Decide(a, a.FrameIndex % 2 == 0 ? "X" : "Y", "X")).ToList();
        double wrong = decisions.Count(d => !d.DecidedRightly) / (double)decisions.Count;
        Assert.InRange(wrong, 0.085, 0.115); // 400 expected, sd 19
        Assert.All(decisions, d => Assert.Equal(d.TrueMatch == d.DecidedRightly, d.Decision == AlertDecision.Confirm));
        Assert.Equal(decisions, alerts.Select(a => new SimulatedOperator(3, 0.1).Decide(a, a.FrameIndex % 2 == 0 ? "X" : "Y", "X")));
        Assert.Equal(EngagementOutcome.NoFurtherAction, SimulatedOperator.OutcomeOf(alerts[0], trueMatch: false));
    }
}
