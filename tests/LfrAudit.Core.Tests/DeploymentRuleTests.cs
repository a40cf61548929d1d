using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Core.Tests;

[Trait("Category", "Dates")]
public class NoticeRuleTests
{
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static Deployment Planned(DateTimeOffset start) => Deployment.Plan(new DeploymentId("DEP-1"),
        new DeploymentLocation("High Street", "Croydon"), start, start.AddHours(8), "wanted offenders", new AuthorisingOfficer("A. Example", "Supt"),
        [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-30));

    private static readonly FrozenWatchlist Frozen = new("wl", new string('a', 64), 10, new Dictionary<WatchlistCategory, int>());

    [Fact]
    public void A_notice_exactly_7_days_before_is_timely_and_6_days_23_hours_is_not()
    {
        var start = Utc("2026-12-10T10:00:00Z");
        Assert.True(DeploymentRules.NoticeIsTimely(start.AddDays(-7), start));
        Assert.False(DeploymentRules.NoticeIsTimely(start.AddDays(-7).AddHours(1), start));
        Assert.False(DeploymentRules.NoticeIsTimely(start.AddDays(-7).AddSeconds(1), start));

        var ok = Planned(start);
        ok.PublishNotice(start.AddDays(-7));
        ok.Start(start, Frozen);
        Assert.Equal(DeploymentState.Live, ok.State);
        Assert.Null(ok.Override);

        var late = Planned(start);
        late.PublishNotice(start.AddDays(-7).AddHours(1));
        var ex = Assert.Throws<DeploymentRuleException>(() => late.Start(start, Frozen));
        Assert.Contains("after the deadline", ex.Message);
        Assert.True(ex.NeedsUrgentOverride); // the command line phrases the remedy as --urgent-override
        Assert.Equal(DeploymentState.NoticePublished, late.State);
    }

    [Fact]
    public void Seven_days_are_london_calendar_days_across_the_spring_clock_change()
    {
        // Clocks go forward at 01:00 UTC on Sunday 29 March 2026. A start at 10:00 BST on Saturday 4 April
        // needs a notice by 10:00 GMT on Saturday 28 March: 167 elapsed hours.
        var start = Utc("2026-04-04T09:00:00Z");
        Assert.Equal(Utc("2026-03-28T10:00:00Z"), DeploymentRules.NoticeDeadline(start));
        Assert.True(DeploymentRules.NoticeIsTimely(Utc("2026-03-28T10:00:00Z"), start));
        Assert.False(DeploymentRules.NoticeIsTimely(Utc("2026-03-28T10:01:00Z"), start));
    }

    [Fact]
    public void Seven_days_are_london_calendar_days_across_the_autumn_clock_change()
    {
        // Clocks go back at 01:00 UTC on Sunday 25 October 2026. A start at 10:00 GMT on Saturday 31 October
        // needs a notice by 10:00 BST (09:00 UTC) on Saturday 24 October: 169 hours, so 168 is too late.
        var start = Utc("2026-10-31T10:00:00Z");
        Assert.Equal(Utc("2026-10-24T09:00:00Z"), DeploymentRules.NoticeDeadline(start));
        Assert.False(DeploymentRules.NoticeIsTimely(start.AddHours(-168), start));
        Assert.True(DeploymentRules.NoticeIsTimely(start.AddHours(-169), start));
    }

    [Fact]
    public void Starting_without_a_notice_needs_an_urgent_override_which_is_recorded()
    {
        var start = Utc("2026-12-10T10:00:00Z");
        var d = Planned(start);
        Assert.Contains("no notice has been published", Assert.Throws<DeploymentRuleException>(() => d.Start(start, Frozen)).Message);
        Assert.Throws<DeploymentRuleException>(() => d.Start(start, Frozen, new UrgentOverride(" ", "Ch Supt B", start)));
        d.Start(start, Frozen, new UrgentOverride("Missing child, risk to life", "Ch Supt B. Example", start));
        Assert.Equal("Missing child, risk to life", d.Override!.Reason);
        Assert.Equal(Frozen, d.Watchlist);
    }

    [Fact]
    public void An_urgent_override_where_none_is_needed_is_refused_not_dropped()
    {
        // A timely notice and a start inside the advertised window: an override would publish an urgency that never was.
        var start = Utc("2026-12-10T10:00:00Z");
        var d = Planned(start);
        d.PublishNotice(start.AddDays(-8));
        var ex = Assert.Throws<DeploymentRuleException>(() => d.Start(start.AddHours(1), Frozen, new UrgentOverride("Missing child", "Ch Supt B. Example", start)));
        Assert.Contains("needs no urgent override", ex.Message);
        Assert.False(ex.NeedsUrgentOverride);
        Assert.Equal(DeploymentState.NoticePublished, d.State);
        d.Start(start.AddHours(1), Frozen);
        Assert.Null(d.Override);
    }

    [Fact]
    public void The_lifecycle_refuses_steps_out_of_order()
    {
        var start = Utc("2026-12-10T10:00:00Z");
        var d = Planned(start);
        Assert.Throws<DeploymentRuleException>(() => d.End(start));
        Assert.Throws<DeploymentRuleException>(() => d.PublishOutcome(start));
        d.PublishNotice(start.AddDays(-10));
        Assert.Throws<DeploymentRuleException>(() => d.PublishNotice(start.AddDays(-9)));
        d.Start(start, Frozen);
        Assert.Throws<DeploymentRuleException>(() => d.Cancel(start, "too late"));
        Assert.Throws<DeploymentRuleException>(() => d.End(start.AddHours(-1)));
        d.ChangeThreshold(new Threshold(0.64), "Supt A", "too many false alerts", start.AddHours(1));
        d.End(start.AddHours(8));
        Assert.Throws<DeploymentRuleException>(() => d.ChangeThreshold(new Threshold(0.7), "x", "y", start.AddHours(9)));
        d.PublishOutcome(start.AddDays(2));
        Assert.Equal(DeploymentState.OutcomePublished, d.State);
        var change = Assert.Single(d.ThresholdChanges);
        Assert.Equal((0.6, 0.64), (change.From.Value, change.To.Value));
    }

    [Fact]
    public void A_plan_that_ends_before_it_starts_is_refused()
    {
        var start = Utc("2026-12-10T10:00:00Z");
        var ex = Assert.Throws<DeploymentRuleException>(() => Deployment.Plan(new DeploymentId("DEP-2"), new DeploymentLocation("x", "y"),
            start, start.AddHours(-1), "p", new AuthorisingOfficer("n", "r"), [new CameraId("c")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-1)));
        Assert.Contains("ends", ex.Message);
        Assert.Contains("before it starts", ex.Message);
    }

    [Fact]
    public void Overlap_is_about_shared_cameras_and_time()
    {
        var a = Planned(Utc("2026-12-10T10:00:00Z"));
        var b = Deployment.Plan(new DeploymentId("DEP-2"), new DeploymentLocation("x", "y"), Utc("2026-12-10T17:00:00Z"), Utc("2026-12-10T20:00:00Z"),
            "p", new AuthorisingOfficer("n", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, Utc("2026-11-01T00:00:00Z"));
        var c = Deployment.Plan(new DeploymentId("DEP-3"), new DeploymentLocation("x", "y"), Utc("2026-12-10T17:00:00Z"), Utc("2026-12-10T20:00:00Z"),
            "p", new AuthorisingOfficer("n", "Superintendent"), [new CameraId("van-2")], "wl", new Threshold(0.6), RetentionPolicy.Default, Utc("2026-11-01T00:00:00Z"));
        Assert.True(a.OverlapsOnAnyCamera(b));
        Assert.False(a.OverlapsOnAnyCamera(c));
        b.Cancel(Utc("2026-11-02T00:00:00Z"), "no longer needed");
        Assert.False(a.OverlapsOnAnyCamera(b));
    }
}

[Trait("Category", "Dates")]
public class OutcomeDeadlineTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.EnglandAndWales;
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // An ordinary week: ends Friday, due by the end of the next Friday.
    [InlineData("2026-12-04T17:00:00Z", "2026-12-12T00:00:00Z")]
    // Christmas: 25 Dec (Fri) and 28 Dec (Boxing Day substitute) are holidays, then New Year's Day.
    [InlineData("2026-12-23T18:00:00Z", "2027-01-05T00:00:00Z")]
    // New Year: 1 Jan 2027 (Fri) is a holiday.
    [InlineData("2026-12-30T12:00:00Z", "2027-01-08T00:00:00Z")]
    // Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar; the due date is in BST (midnight BST = 23:00 UTC).
    [InlineData("2027-03-25T12:00:00Z", "2027-04-05T23:00:00Z")]
    // Late May bank holiday 2026: Monday 25 May.
    [InlineData("2026-05-22T12:00:00Z", "2026-06-01T23:00:00Z")]
    // August bank holiday 2026: Monday 31 August.
    [InlineData("2026-08-28T12:00:00Z", "2026-09-07T23:00:00Z")]
    // Ending at 00:30 BST on a Saturday is Saturday in London, though Friday in UTC.
    [InlineData("2026-06-05T23:30:00Z", "2026-06-12T23:00:00Z")]
    // Ending on a Saturday the week the clocks go back: due by midnight GMT.
    [InlineData("2026-10-24T12:00:00Z", "2026-10-31T00:00:00Z")]
    public void Due_by_the_end_of_the_fifth_working_day_after_the_end(string ended, string dueBy) =>
        Assert.Equal(Utc(dueBy), DeploymentRules.OutcomeDueBy(Utc(ended), Calendar));

    [Fact]
    public void Bank_holidays_and_weekends_are_not_working_days()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 12, 28)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 12, 26)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 12, 24)));
        Assert.True(Calendar.IsBankHoliday(new DateOnly(2027, 3, 26)));
        Assert.Equal(new DateOnly(2026, 12, 29), Calendar.AddWorkingDays(new DateOnly(2026, 12, 24), 1));
    }

    [Fact]
    public void A_year_the_table_does_not_cover_is_a_clear_error()
    {
        var ex = Assert.Throws<LfrInputException>(() => Calendar.IsWorkingDay(new DateOnly(2031, 6, 2)));
        Assert.Contains("covers 2022-2028", ex.Message);
        Assert.Contains("gov.uk/bank-holidays", ex.Message);
    }

    [Fact]
    public void Every_year_in_the_table_has_its_fixed_holidays()
    {
        for (int year = Calendar.FirstYear; year <= Calendar.LastYear; year++)
        {
            var days = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(i => new DateOnly(year, 1, 1).AddDays(i));
            int holidays = days.Count(Calendar.IsBankHoliday);
            Assert.InRange(holidays, 8, 10);
            Assert.All(days.Where(Calendar.IsBankHoliday), d => Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{d} is a weekend"));
        }
    }
}
