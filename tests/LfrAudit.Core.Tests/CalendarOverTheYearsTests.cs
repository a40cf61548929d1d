using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Testing;

namespace LfrAudit.Core.Tests;

/// <summary>
/// The deadline rules on any day from the clock the tests run under to ten years on, inside the bank-holiday table and
/// beyond it: the worked examples in DeploymentRuleTests pin particular dates, these hold on every date.
/// </summary>
[Trait("Category", "Dates")]
public class CalendarOverTheYearsTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.EnglandAndWales;

    // Any minute of the next ten years, from the clock the tests run under.
    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Choose(0, 10 * 365).SelectMany(d => Gen.Choose(0, 24 * 60 - 1).Select(m => TestTimeline.RealNow.AddDays(d).AddMinutes(m)));

    /// <summary>Working days strictly between two London dates, by the calendar's own day test or by weekdays alone beyond the table.</summary>
    private static int WorkingDaysAfter(DateOnly from, DateOnly through)
    {
        int n = 0;
        for (var d = from.AddDays(1); d <= through; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !(Calendar.CoversYear(d.Year) && Calendar.IsBankHoliday(d))) n++;
        return n;
    }

    [Fact]
    public void An_outcome_is_due_at_london_midnight_ending_the_fifth_working_day_after_the_end_on_any_day()
    {
        Prop.ForAll(Instants.ToArbitrary(), ended =>
        {
            var deadline = DeploymentRules.OutcomeDeadline(ended, Calendar);
            var lastDay = LondonTime.DateOf(deadline.DueBy).AddDays(-1);
            bool midnight = LondonTime.StartOf(LondonTime.DateOf(deadline.DueBy)) == deadline.DueBy;
            bool lastIsWorking = lastDay.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                && !(Calendar.CoversYear(lastDay.Year) && Calendar.IsBankHoliday(lastDay));
            bool provisionalIffBeyond = deadline.Provisional == !Enumerable.Range(1, (lastDay.DayNumber - LondonTime.DateOf(ended).DayNumber))
                .Select(i => LondonTime.DateOf(ended).AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                .All(d => Calendar.CoversYear(d.Year));
            return (midnight && lastIsWorking && provisionalIffBeyond && WorkingDaysAfter(LondonTime.DateOf(ended), lastDay) == 5)
                .Label($"ended {ended:O}: due {deadline.DueBy:O}, provisional {deadline.Provisional}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_notice_is_due_at_the_same_london_clock_time_seven_calendar_days_before_on_any_day()
    {
        Prop.ForAll(Instants.ToArbitrary(), start =>
        {
            var due = DeploymentRules.NoticeDeadline(start);
            var s = LondonTime.ToLondon(start);
            var d = LondonTime.ToLondon(due);
            // The same wall-clock time, unless that time does not exist that day (the spring clock change's gap).
            bool sameClock = d.TimeOfDay == s.TimeOfDay || LondonTime.Zone.MapLocal(d.Date + s.TimeOfDay).Count == 0;
            return (LondonTime.DateOf(due) == LondonTime.DateOf(start).AddDays(-7) && sameClock
                    && Math.Abs((start - due).TotalHours - 168) <= 1
                    && DeploymentRules.NoticeIsTimely(due, start) && !DeploymentRules.NoticeIsTimely(due.AddSeconds(1), start))
                .Label($"start {start:O}: notice due {due:O}");
        }).QuickCheckThrowOnFailure();
    }
}

/// <summary>scripts/refresh-bank-holidays.sh against files in gov.uk's format: what it adds, corrects, keeps and refuses.</summary>
[Trait("Category", "Dates")]
public sealed class BankHolidayRefreshTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-holidays-").FullName;
    private string Table => Path.Combine(_dir, "table.json");

    public BankHolidayRefreshTests() => File.Copy(Repository.File("src", "LfrAudit.Governance", "Calendar", "bank-holidays-england-and-wales.json"), Table);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string GovUk(params (string Title, string Date)[] events) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["england-and-wales"] = new { division = "england-and-wales", events = events.Select(e => new { title = e.Title, date = e.Date, notes = "", bunting = true }) },
            ["scotland"] = new { division = "scotland", events = new[] { new { title = "St Andrew's Day", date = "2029-11-30", notes = "", bunting = true } } },
        });

    private (int Exit, string Out, string Error) Refresh(string sourceText)
    {
        var source = Path.Combine(_dir, "source.json");
        File.WriteAllText(source, sourceText);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Repository.File("scripts", "refresh-bank-holidays.sh"), source, Table }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, o.Result, e.Result);
    }

    private WorkingDayCalendar Load()
    {
        using var s = File.OpenRead(Table);
        return WorkingDayCalendar.Load(s);
    }

    [Fact]
    public void New_years_are_added_changed_years_corrected_and_unlisted_years_kept()
    {
        var before = Load();
        // 2027 with an extra one-off holiday; 2029 added; Scotland's days ignored.
        var r = Refresh(GovUk(
            ("New Year's Day", "2027-01-01"), ("Good Friday", "2027-03-26"), ("Easter Monday", "2027-03-29"), ("Early May bank holiday", "2027-05-03"),
            ("A one-off", "2027-06-04"), ("Spring bank holiday", "2027-05-31"), ("Summer bank holiday", "2027-08-30"), ("Christmas Day", "2027-12-27"),
            ("Boxing Day", "2027-12-28"),
            ("New Year's Day", "2029-01-01"), ("Good Friday", "2029-03-30"), ("Easter Monday", "2029-04-02"), ("Early May bank holiday", "2029-05-07"),
            ("Spring bank holiday", "2029-05-28"), ("Summer bank holiday", "2029-08-27"), ("Christmas Day", "2029-12-25"), ("Boxing Day", "2029-12-26")));
        Assert.True(r.Exit == 0, r.Error);
        Assert.Contains("2027: changed (added 2027-06-04)", r.Out);
        Assert.Contains("2029: added (8 days)", r.Out);

        var after = Load();
        Assert.Equal((before.FirstYear, 2029), (after.FirstYear, after.LastYear));
        Assert.True(after.IsBankHoliday(new DateOnly(2027, 6, 4)));
        Assert.True(after.IsBankHoliday(new DateOnly(2029, 8, 27)));
        Assert.False(after.IsBankHoliday(new DateOnly(2029, 11, 30))); // Scotland's, not England and Wales's
        Assert.True(after.IsBankHoliday(new DateOnly(2022, 9, 19)));   // a year gov.uk no longer lists is kept
        Assert.Equal(DateOnly.FromDateTime(DateTime.Today), after.AsOf);
        // A deadline in 2029 is no longer provisional.
        Assert.False(DeploymentRules.OutcomeDeadline(new DateTimeOffset(2029, 8, 24, 18, 0, 0, TimeSpan.Zero), after).Provisional);
        Assert.True(DeploymentRules.OutcomeDeadline(new DateTimeOffset(2029, 8, 24, 18, 0, 0, TimeSpan.Zero), before).Provisional);
    }

    [Theory]
    [InlineData("not json", "not readable JSON")]
    [InlineData("{\"scotland\": {\"events\": []}}", "not gov.uk's bank-holiday format")]
    [InlineData("[1, 2]", "not gov.uk's bank-holiday format")]
    [InlineData("{\"england-and-wales\": {\"events\": [{\"title\": \"x\", \"date\": \"2029-02-30\"}]}}", "'2029-02-30' is not a date")]
    [InlineData("{\"england-and-wales\": {\"events\": [{\"title\": \"x\", \"date\": \"2029-12-29\"}]}}", "is a weekend day")]
    [InlineData("{\"england-and-wales\": {\"events\": [{\"title\": \"x\"}]}}", "without a date")]
    [InlineData("{\"england-and-wales\": {\"events\": [{\"title\": \"x\", \"date\": \"2031-01-01\"}]}}", "a gap: no dates for 2029, 2030")]
    public void A_source_not_in_gov_uk_shape_changes_nothing(string source, string mentions)
    {
        var before = File.ReadAllBytes(Table);
        var r = Refresh(source);
        Assert.Equal(3, r.Exit);
        Assert.Contains(mentions, r.Error);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, File.ReadAllBytes(Table));
    }
}
