using System.Globalization;
using System.Text;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Publishing.Rendering;

/// <summary>iCalendar (RFC 5545): one VEVENT per deployment, times in UTC, text escaped, lines folded at 75 octets.</summary>
public static class ICalendar
{
    /// <summary>On each event a simulation clock dated.</summary>
    public const string SimulationProperty = "X-LFRAUDIT-SIMULATION";

    /// <param name="simulated">
    /// Which deployments a simulation clock dated: their events say so where calendar apps show it, the title and the
    /// first line of the description, as every other simulated document carries its banner, and
    /// <see cref="SimulationProperty"/> says so to software.
    /// </param>
    public static string Write(IEnumerable<Deployment> deployments, DateTimeOffset stamp, string force, Func<Deployment, bool>? simulated = null)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LfrAudit//Live facial recognition deployments//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", $"X-WR-CALNAME:{Escape(force + ": live facial recognition")}",
        };
        foreach (var d in deployments)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:{d.Id.Value}@lfraudit");
            lines.Add($"DTSTAMP:{Utc(stamp)}");
            lines.Add($"DTSTART:{Utc(d.PlannedStart)}");
            lines.Add($"DTEND:{Utc(d.PlannedEnd)}");
            var simulation = simulated?.Invoke(d) == true;
            lines.Add($"SUMMARY:{Escape($"{(simulation ? SimulationBanner.Title : "")}Live facial recognition: {d.Location.Name}, {d.Location.Area}")}");
            lines.Add($"LOCATION:{Escape($"{d.Location.Name}, {d.Location.Area}")}");
            if (d.Location.Latitude is { } lat && d.Location.Longitude is { } lon)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"GEO:{lat:0.######};{lon:0.######}"));
            lines.Add($"DESCRIPTION:{Escape($"{(simulation ? SimulationBanner.Text + "\n" : "")}{d.Purpose}\nDeployment {d.Id}. Images of people not on the watchlist are deleted immediately.")}");
            lines.Add($"STATUS:{(d.State == DeploymentState.Cancelled ? "CANCELLED" : d.State == DeploymentState.Planned ? "TENTATIVE" : "CONFIRMED")}");
            // For software reading the feed: an experimental property (RFC 5545 3.8.8.2) that says it outright.
            if (simulation) lines.Add($"{SimulationProperty}:TRUE");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var b = new StringBuilder();
        foreach (var l in lines) Fold(b, l);
        return b.ToString();
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static string Escape(string s) =>
        s.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    // Content lines are at most 75 octets; a longer one continues on lines that start with a space.
    internal static void Fold(StringBuilder b, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        int start = 0, limit = 75;
        while (bytes.Length - start > limit)
        {
            int end = start + limit;
            while ((bytes[end] & 0xC0) == 0x80) end--; // never split a UTF-8 sequence
            b.Append(Encoding.UTF8.GetString(bytes, start, end - start)).Append("\r\n ");
            start = end;
            limit = 74;
        }
        b.Append(Encoding.UTF8.GetString(bytes, start, bytes.Length - start)).Append("\r\n");
    }
}
