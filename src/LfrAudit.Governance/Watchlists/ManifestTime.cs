using System.Globalization;
using LfrAudit.Core.Time;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Calendar;
using NodaTime.Text;

namespace LfrAudit.Governance.Watchlists;

/// <summary>
/// A time in a watchlist manifest: an ISO 8601 instant (<c>2026-11-01T09:00:00Z</c>; no offset means UTC), or a
/// signed ISO 8601 period from the moment of enrolment (<c>-P30D</c>, <c>P1Y</c>, <c>PT12H</c>), counted on London's
/// calendar. Relative times let a sample or a drill's manifest stay valid on any day (an entry "expires 90 days
/// after enrolment"); they are resolved once, when the manifest is enrolled, and only the resolved instant is
/// stored, hashed and audited.
/// </summary>
public static class ManifestTime
{
    /// <summary>Resolves <paramref name="text"/> against <paramref name="enrolledAt"/>; null, with a problem added, if it is neither form or falls outside 2000-2099.</summary>
    public static DateTimeOffset? Resolve(string text, string field, DateTimeOffset enrolledAt, List<string> problems)
    {
        var shown = SafeText.Escape(text);
        var trimmed = text.Trim();
        DateTimeOffset? resolved = null;
        if (trimmed.Length > 1 && (trimmed[0] is 'P' || (trimmed[0] is '-' or '+' && trimmed[1] is 'P')))
        {
            bool back = trimmed[0] == '-';
            var period = PeriodPattern.NormalizingIso.Parse(trimmed.TrimStart('-', '+'));
            if (period.Success && NoNegativeParts(period.Value))
            {
                try
                {
                    var local = LondonTime.ToLondon(enrolledAt).LocalDateTime;
                    var moved = back ? local.Minus(period.Value) : local.Plus(period.Value);
                    resolved = moved.InZoneLeniently(LondonTime.Zone).ToDateTimeOffset().ToUniversalTime();
                }
                catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
                {
                    problems.Add($"'{field}' value '{shown}' reaches outside the calendar");
                    return null;
                }
            }
            else
            {
                problems.Add($"'{field}' value '{shown}' is not a period (use ISO 8601 from enrolment, e.g. P90D or -P30D)");
                return null;
            }
        }
        else if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            resolved = d;
        else
        {
            problems.Add($"'{field}' value '{shown}' is not a date (use ISO 8601, e.g. 2026-11-01T09:00:00Z, or a period from enrolment, e.g. P90D)");
            return null;
        }
        if (!TimeBounds.Contains(resolved.Value))
        {
            problems.Add($"'{field}' value '{shown}' is outside the years LfrAudit accepts (2000 to 2099)");
            return null;
        }
        return resolved;
    }

    // "-P-3D" would read as three days ahead: one sign, in front, is all a reader should have to follow.
    private static bool NoNegativeParts(NodaTime.Period p) =>
        p.Years >= 0 && p.Months >= 0 && p.Weeks >= 0 && p.Days >= 0 && p.Hours >= 0 && p.Minutes >= 0 && p.Seconds >= 0
        && p.Milliseconds >= 0 && p.Ticks >= 0 && p.Nanoseconds >= 0;
}
