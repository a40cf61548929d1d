using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Cli.Composition;

/// <summary>Times as people type them (ISO 8601; no offset means Europe/London wall-clock time) and as they read them.</summary>
internal static class CliTime
{
    public static DateTimeOffset Parse(string text, string option)
    {
        var styles = DateTimeStyles.AllowWhiteSpaces;
        var shown = SafeText.Escape(text);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var withOffset) && HasOffset(text))
            return TimeBounds.Require(withOffset.ToUniversalTime(), option, shown);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var local))
        {
            // Checked before the London conversion, which overflows at the edges of the calendar.
            if (local.Year < TimeBounds.Earliest.Year || local.Year >= TimeBounds.Latest.Year) throw TimeBounds.OutOfRange(option, shown);
            var ldt = NodaTime.LocalDateTime.FromDateTime(local);
            return TimeBounds.Require(ldt.InZoneLeniently(LondonTime.Zone).ToDateTimeOffset().ToUniversalTime(), option, shown);
        }
        throw new LfrInputException($"{option} '{shown}' is not a time: use ISO 8601, e.g. 2026-12-10T10:00 (London time) or 2026-12-10T10:00:00Z");
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d\d:?\d\d$");

    /// <summary>The --now time as typed (no offset means UTC), bounded by <see cref="TimeBounds"/> against the real clock.</summary>
    public static DateTimeOffset ParseNow(string text, DateTimeOffset realNow)
    {
        var shown = SafeText.Escape(text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
            throw new LfrInputException($"--now '{shown}' is not a time: use ISO 8601, e.g. 2026-12-10T10:00:00Z");
        TimeBounds.RequireSimulation(start, realNow, "--now", shown);
        return start;
    }

    public static string Show(DateTimeOffset? t) => t is { } x ? LondonTime.Show(x) : "—";

    /// <summary>To the tenth of a second, in London, for a table of events close together: "2026-12-04 10:00:03.4 GMT".</summary>
    public static string ShowPrecise(DateTimeOffset t)
    {
        var z = LondonTime.ToLondon(t);
        return z.ToString("uuuu-MM-dd HH:mm:ss.f", CultureInfo.InvariantCulture) + " " + z.GetZoneInterval().Name;
    }
}
