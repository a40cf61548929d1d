using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Core.Tests;

/// <summary>Going live only inside the advertised window; the outcome clock runs from the planned end at the latest.</summary>
[Trait("Category", "Dates")]
public class DeploymentWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly FrozenWatchlist Frozen = new("wl", new string('a', 64), 10, new Dictionary<WatchlistCategory, int>());

    private static Deployment Noticed(DateTimeOffset start, string rank = "Superintendent")
    {
        var d = Deployment.Plan(new DeploymentId("DEP-1"), new DeploymentLocation("High Street", "Croydon"), start, start.AddHours(8), "wanted offenders",
            new AuthorisingOfficer("A. Example", rank), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-30));
        d.PublishNotice(start.AddDays(-20));
        return d;
    }

    [Fact]
    public void Going_live_16_days_before_the_advertised_start_is_refused_without_an_override()
    {
        var d = Noticed(Start);
        var ex = Assert.Throws<DeploymentRuleException>(() => d.Start(Start.AddDays(-16), Frozen));
        Assert.Contains("before the start its notice advertised", ex.Message);
        Assert.Equal(DeploymentState.NoticePublished, d.State);

        d.Start(Start.AddDays(-16), Frozen, new UrgentOverride("a wanted person is expected today", "ACC B. Example", Start.AddDays(-16)));
        Assert.Equal(DeploymentState.Live, d.State);
        Assert.Equal("a wanted person is expected today", d.Override!.Reason);
    }

    [Fact]
    public void Any_start_inside_the_window_needs_no_override_and_any_before_it_does()
    {
        Prop.ForAll(Gen.Choose(-60 * 24 * 30, 8 * 60 - 1).ToArbitrary(), minutes =>
        {
            var d = Noticed(Start);
            var at = Start.AddMinutes(minutes);
            if (minutes >= 0) { d.Start(at, Frozen); return d.State == DeploymentState.Live && d.Override is null; }
            try { d.Start(at, Frozen); return false; }
            catch (DeploymentRuleException) { return d.State == DeploymentState.NoticePublished; }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_deployment_never_ended_owes_its_outcome_from_the_planned_end()
    {
        var d = Noticed(Start);
        d.Start(Start, Frozen);
        var end = Start.AddHours(8);
        Assert.Null(d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales, end.AddMinutes(-1)));
        Assert.False(d.IsLivePastPlannedEnd(end.AddMinutes(-1)));
        var twelveWeeksLater = end.AddDays(84);
        Assert.True(d.IsLivePastPlannedEnd(twelveWeeksLater));
        Assert.Equal(DeploymentRules.OutcomeDueBy(end, WorkingDayCalendar.EnglandAndWales), d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales, twelveWeeksLater));

        // Ended late: the clock still ran from the planned end.
        d.End(twelveWeeksLater);
        Assert.Equal(DeploymentRules.OutcomeDueBy(end, WorkingDayCalendar.EnglandAndWales), d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales));
    }

    [Fact]
    public void A_deployment_ending_in_a_year_the_bank_holiday_table_lacks_can_still_end_with_a_provisional_deadline()
    {
        // A table covering 2026 only: an end on 2027-12-24 is outside it.
        var calendar = new WorkingDayCalendar([new DateOnly(2026, 12, 25)], 2026, 2026, new DateOnly(2026, 1, 1));
        var endedAt = new DateTimeOffset(2027, 12, 24, 18, 0, 0, TimeSpan.Zero); // a Friday
        var deadline = DeploymentRules.OutcomeDeadline(endedAt, calendar);
        Assert.True(deadline.Provisional);
        // Weekdays only (27, 28, 29, 30, 31 December): never later than the true date, whatever the holidays are.
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero), deadline.DueBy);
        var inside = DeploymentRules.OutcomeDeadline(new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero), calendar);
        Assert.False(inside.Provisional);
    }

    [Theory]
    [InlineData("Superintendent", true)]
    [InlineData("supt", true)]
    [InlineData("Ch Supt", true)]
    [InlineData("Acting Superintendent", true)]
    [InlineData("Assistant Chief Constable", true)]
    [InlineData("Commander", true)]
    [InlineData("Chief Inspector", false)]
    [InlineData("Inspector", false)]
    [InlineData("Constable", false)]
    [InlineData("Grand Wizard", false)]
    public void Only_a_superintendent_or_above_can_authorise(string rank, bool allowed)
    {
        if (allowed) Assert.Equal(DeploymentState.NoticePublished, Noticed(Start, rank).State);
        else Assert.Throws<DeploymentRuleException>(() => Noticed(Start, rank));
    }

    [Fact]
    public void Published_text_with_control_characters_is_refused_with_the_characters_escaped()
    {
        Prop.ForAll(Gen.Elements('\n', '\r', '\t', '\u001b', '\u0000', '\u202e', '\u0085').ToArbitrary(), Gen.Choose(0, 10).ToArbitrary(), (ch, at) =>
        {
            var place = "High Street".Insert(at, ch.ToString());
            var ex = Assert.Throws<DeploymentRuleException>(() => Deployment.Plan(new DeploymentId("DEP-1"), new DeploymentLocation(place, "Croydon"),
                Start, Start.AddHours(8), "p", new AuthorisingOfficer("A", "Supt"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, Start.AddDays(-30)));
            return !ex.Message.Any(c => char.IsControl(c) || c == '\u202e') && ex.Message.Contains("control characters");
        }).QuickCheckThrowOnFailure();
    }
}

/// <summary>A stream address's credentials never survive into anything shown, logged or stored.</summary>
[Trait("Category", "Dates")]
public class StreamAddressTests
{
    [Fact]
    public void User_names_passwords_and_query_strings_are_always_removed()
    {
        var part = Gen.Elements("cam", "officer", "p@ss", "a:b", "x%40y", "🙂", "sp%20ace", "[x]", "hunter2").Select(s => s);
        var urls = from scheme in Gen.Elements("rtsp", "http", "https", "rtsps", "srt")
                   from user in part
                   from pass in part
                   from query in part
                   select (url: $"{scheme}://{user}:{pass}@10.0.0.7:554/stream/1?token={query}", user, pass, query);
        Prop.ForAll(urls.ToArbitrary(), u =>
        {
            var shown = StreamAddress.Redact(u.url);
            return shown.Contains("://***@10.0.0.7:554/stream/1?***", StringComparison.Ordinal)
                && !shown.Contains("token", StringComparison.Ordinal) && !shown.Contains(u.pass.Split('@')[^1] + "@", StringComparison.Ordinal)
                && StreamAddress.RedactWithin($"[rtsp @ 0x1] could not open {u.url} (401)").Contains("://***@", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }
}
