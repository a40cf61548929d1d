using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Publishing.Tests;

/// <summary>The IAG report judges deadlines on its own clock, unless the log was dated by a clock running ahead of it.</summary>
public class JudgedAtTests
{
    private static readonly DateTimeOffset Clock = Samples.Timeline.At(30, 12);

    private static List<AuditEntry> At(params DateTimeOffset[] times) =>
        times.Select((t, i) => new AuditEntry(i, t, "test.event", new JsonObject(), AuditEntry.GenesisPrev)).ToList();

    [Fact]
    public void A_log_recorded_before_the_report_is_judged_on_the_report_clock()
    {
        var judged = JudgedAt.Of(At(Clock.AddDays(-3), Clock.AddMinutes(-1)), Clock);
        Assert.Equal(Clock, judged.At);
        Assert.Contains("this report's clock", judged.Explained);
        Assert.DoesNotContain("simulation", judged.Explained);
    }

    [Fact]
    public void A_log_dated_ahead_of_the_report_is_judged_at_its_latest_entry_and_says_why()
    {
        var latest = Clock.AddDays(40);
        var judged = JudgedAt.Of(At(Clock.AddDays(-1), latest, Clock.AddDays(39)), Clock);
        Assert.Equal(latest, judged.At);
        Assert.Contains("simulation", judged.Explained);
        Assert.Contains(LondonTime.Show(latest), judged.Explained);
    }

    [Fact]
    public void An_empty_log_is_judged_on_the_report_clock() => Assert.Equal(Clock, JudgedAt.Of([], Clock).At);

    [Fact]
    public void Judged_at_the_later_of_the_report_clock_and_the_latest_entry()
    {
        var offsets = Gen.Choose(-100_000, 100_000).ListOf().Select(l => l.ToList());
        Prop.ForAll(offsets.ToArbitrary(), minutes =>
        {
            var times = minutes.Select(m => Clock.AddMinutes(m)).ToArray();
            var expected = times.Length == 0 ? Clock : new[] { Clock, times.Max() }.Max();
            return JudgedAt.Of(At(times), Clock).At == expected;
        }).QuickCheckThrowOnFailure();
    }
}
