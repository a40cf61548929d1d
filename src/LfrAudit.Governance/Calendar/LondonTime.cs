using NodaTime;

namespace LfrAudit.Governance.Calendar;

/// <summary>
/// Times are stored in UTC and shown in Europe/London (GMT in winter, BST in summer). NodaTime's bundled
/// time-zone database keeps this independent of the host's tzdata.
/// </summary>
public static class LondonTime
{
    /// <summary>Europe/London from NodaTime's bundled time-zone database.</summary>
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>The instant as London's clocks show it.</summary>
    public static ZonedDateTime ToLondon(DateTimeOffset utc) => Instant.FromDateTimeOffset(utc).InZone(Zone);

    /// <summary>The date in London at that instant (after 23:00 UTC in summer it is already the next day).</summary>
    public static DateOnly DateOf(DateTimeOffset utc)
    {
        var d = ToLondon(utc).Date;
        return new DateOnly(d.Year, d.Month, d.Day);
    }

    /// <summary>The instant London's clocks show midnight at the start of this date.</summary>
    public static DateTimeOffset StartOf(DateOnly date) =>
        Zone.AtStartOfDay(new LocalDate(date.Year, date.Month, date.Day)).ToDateTimeOffset().ToUniversalTime();

    /// <summary>The same London wall-clock time a number of calendar days away (23, 24 or 25 hours a day).</summary>
    public static DateTimeOffset AddLocalDays(DateTimeOffset utc, int days) =>
        ToLondon(utc).LocalDateTime.PlusDays(days).InZoneLeniently(Zone).ToDateTimeOffset().ToUniversalTime();

    /// <summary>
    /// A deadline as people read it. One that falls at midnight in London is the end of the day before: "the end of Fri
    /// 18 Dec 2026", never "Sat 19 Dec 2026 00:00 GMT", which reads as a day more than the rule gives.
    /// </summary>
    public static string ShowDeadline(DateTimeOffset utc)
    {
        var z = ToLondon(utc);
        if (z.TimeOfDay != LocalTime.Midnight) return Show(utc);
        return "the end of " + z.Date.PlusDays(-1).ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>For people: "Sat 28 Mar 2026 10:00 GMT".</summary>
    public static string Show(DateTimeOffset utc)
    {
        var z = ToLondon(utc);
        // Seconds only when they matter: a notice a second late must not read as on the deadline.
        var pattern = z.Second != 0 ? "ddd d MMM yyyy HH:mm:ss" : "ddd d MMM yyyy HH:mm";
        return z.ToString(pattern, System.Globalization.CultureInfo.InvariantCulture) + " " + z.GetZoneInterval().Name;
    }
}
