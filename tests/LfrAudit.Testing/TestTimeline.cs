using System.Globalization;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Testing;

/// <summary>
/// Dates for tests that drive the product's clock, built from the clock the test runs under rather than written
/// down, so that a suite passing today passes on any later day (and under faketime). A timeline starts on a Monday
/// after a given instant (the real clock, or the latest record of a store the test drives) and lies in weeks with no
/// bank holiday the product's calendar knows of, so a test can say "the 5th working day after a Thursday is the next
/// Thursday" and mean it. Times are London wall-clock times, as people plan deployments; <see cref="Utc"/> and
/// <see cref="Local"/> write an instant as the command line takes it (--now, and --start / --end).
/// </summary>
public sealed class TestTimeline
{
    /// <summary>Days from the Monday that hold no bank holiday: enough for a deployment's notice, day and outcome.</summary>
    public const int QuietDays = 28;

    /// <summary>The Monday day 0 of the timeline falls on.</summary>
    public DateOnly Monday { get; }

    private TestTimeline(DateOnly monday) => Monday = monday;

    /// <summary>The real clock, read here so that tests read it in one place.</summary>
    public static DateTimeOffset RealNow => DateTimeOffset.UtcNow;

    /// <summary>A timeline on the first quiet Monday at least a day after <paramref name="after"/> (London dates).</summary>
    public static TestTimeline After(DateTimeOffset after)
    {
        var d = LondonTime.DateOf(after).AddDays(1);
        while (d.DayOfWeek != DayOfWeek.Monday) d = d.AddDays(1);
        while (!Quiet(d)) d = d.AddDays(7);
        return new TestTimeline(d);
    }

    /// <summary>A timeline starting after the real clock.</summary>
    public static TestTimeline FromNow() => After(RealNow);

    private static bool Quiet(DateOnly monday)
    {
        var calendar = WorkingDayCalendar.EnglandAndWales;
        for (int i = 0; i < QuietDays; i++)
        {
            var day = monday.AddDays(i);
            // Beyond the table the product counts no bank holidays (provisionally), and so do the tests' expectations.
            if (calendar.CoversYear(day.Year) && calendar.IsBankHoliday(day)) return false;
        }
        return true;
    }

    /// <summary>The date <paramref name="day"/> days after the Monday (0 is the Monday, 3 the Thursday, 7 the next Monday).</summary>
    public DateOnly Date(int day) => Monday.AddDays(day);

    /// <summary>The instant London's clocks show <paramref name="hour"/>:<paramref name="minute"/> on day <paramref name="day"/>.</summary>
    public DateTimeOffset At(int day, int hour, int minute = 0)
    {
        var date = Date(day);
        return new NodaTime.LocalDateTime(date.Year, date.Month, date.Day, hour, minute)
            .InZoneLeniently(LondonTime.Zone).ToDateTimeOffset().ToUniversalTime();
    }

    /// <summary>An instant as --now takes it: ISO 8601 in UTC.</summary>
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An instant as --start and --end take it: London wall-clock time without an offset.</summary>
    public static string Local(DateTimeOffset t) => LondonTime.ToLondon(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Day <paramref name="day"/> at <paramref name="hour"/> (London) as --now takes it.</summary>
    public string Now(int day, int hour, int minute = 0) => Utc(At(day, hour, minute));

    /// <summary>Day <paramref name="day"/> at <paramref name="hour"/> (London) as --start and --end take it.</summary>
    public string Wall(int day, int hour, int minute = 0) => Local(At(day, hour, minute));

    public override string ToString() => $"timeline from Monday {Monday:yyyy-MM-dd}";
}
