using LfrAudit.Governance.Calendar;

namespace LfrAudit.Scenarios.Demo;

/// <summary>
/// When the demo's steps happen, in London time, for a demo asked to run at <see cref="Closes"/>: planned and its notice
/// published ten days before, live two days before (10:00 to 18:00), the outcome published the next day at 11:00, and the
/// record closed (site, signed head, export, IAG report) at the moment asked. The front end starts the demo's
/// simulation clock at <see cref="Planned"/>; the demo moves it on.
/// </summary>
public sealed record DemoTimeline(DateTimeOffset Planned, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset OutcomePublished, DateTimeOffset Closes)
{
    /// <summary>The demo's dates for a demo run at <paramref name="now"/>: its notice ten days before, live two days before.</summary>
    public static DemoTimeline EndingAt(DateTimeOffset now)
    {
        var today = LondonTime.DateOf(now);
        var start = LondonTime.StartOf(today.AddDays(-2)).AddHours(10);
        var end = start.AddHours(8);
        var outcome = LondonTime.StartOf(LondonTime.DateOf(end).AddDays(1)).AddHours(11);
        return new DemoTimeline(LondonTime.StartOf(today.AddDays(-10)).AddHours(9), start, end, outcome, outcome > now ? outcome : now);
    }
}
