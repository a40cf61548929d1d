using System.Globalization;
using System.Text.Json;
using LfrAudit.Core.Problems;

namespace LfrAudit.Governance.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday, less bank holidays from a bundled, dated table
/// (refreshed from gov.uk by scripts/refresh-bank-holidays.sh). Asked whether a date in a year the table does not
/// cover is a bank holiday, it refuses rather than guesses; a deadline in such a year counts weekdays only and is
/// marked provisional (<see cref="AddWorkingDaysAtTheLatest"/>), so nothing stops when the table runs out.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>The first year the bank-holiday table covers.</summary>
    public int FirstYear { get; }
    /// <summary>The last year the bank-holiday table covers (inclusive).</summary>
    public int LastYear { get; }
    /// <summary>When the table was last refreshed from gov.uk.</summary>
    public DateOnly AsOf { get; }

    /// <summary>A calendar with these bank holidays, covering <paramref name="firstYear"/> to <paramref name="lastYear"/> inclusive, as known on <paramref name="asOf"/>.</summary>
    public WorkingDayCalendar(IEnumerable<DateOnly> holidays, int firstYear, int lastYear, DateOnly asOf)
    {
        _holidays = holidays.ToHashSet();
        FirstYear = firstYear;
        LastYear = lastYear;
        AsOf = asOf;
    }

    /// <summary>England and Wales, from the bank-holiday table bundled with the program.</summary>
    public static WorkingDayCalendar EnglandAndWales { get; } = LoadBundled();

    /// <summary>Whether the date is a bank holiday; refused (one line naming the table's years) for a year the table does not cover.</summary>
    public bool IsBankHoliday(DateOnly date)
    {
        Covers(date);
        return _holidays.Contains(date);
    }

    /// <summary>Monday to Friday and not a bank holiday; refused, as <see cref="IsBankHoliday"/> is, outside the table's years.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsBankHoliday(date);

    /// <summary>The nth working day strictly after <paramref name="date"/> (n = 1 is the next working day).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var d = date;
        while (n > 0)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d)) n--;
        }
        return d;
    }

    /// <summary>Whether the table knows this year's bank holidays.</summary>
    public bool CoversYear(int year) => year >= FirstYear && year <= LastYear;

    /// <summary>
    /// The nth working day after <paramref name="date"/>, never later than the true one: in a year the table
    /// does not cover, bank holidays are unknown and are counted as working days, which can only bring the
    /// day earlier. <paramref name="provisional"/> says when that happened. A deadline must always be
    /// computable — a live deployment must be endable in any year.
    /// </summary>
    public DateOnly AddWorkingDaysAtTheLatest(DateOnly date, int n, out bool provisional)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        provisional = false;
        var d = date;
        while (n > 0)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            if (!CoversYear(d.Year)) provisional = true;
            else if (_holidays.Contains(d)) continue;
            n--;
        }
        return d;
    }

    private void Covers(DateOnly date)
    {
        if (date.Year < FirstYear || date.Year > LastYear)
            throw new LfrInputException(string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd}: the bank-holiday table covers {FirstYear}-{LastYear} (as of {AsOf:yyyy-MM-dd}); add {date.Year} from gov.uk/bank-holidays to Calendar/bank-holidays-england-and-wales.json"));
    }

    private sealed record Table(string AsOf, int[] Covers, Dictionary<string, string[]> Dates);

    private static WorkingDayCalendar LoadBundled()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream("LfrAudit.bank-holidays-england-and-wales.json")
            ?? throw new InvalidOperationException("bank holiday table is not embedded");
        return Load(stream);
    }

    /// <summary>Reads a table in the bundled file's format (what scripts/refresh-bank-holidays.sh writes).</summary>
    public static WorkingDayCalendar Load(Stream stream)
    {
        var table = JsonSerializer.Deserialize<Table>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip })!;
        var dates = table.Dates.Values.SelectMany(v => v).Select(s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new WorkingDayCalendar(dates, table.Covers[0], table.Covers[1], DateOnly.ParseExact(table.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
