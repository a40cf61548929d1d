using LfrAudit.Recognition.Matching;
using System.Globalization;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Publishing.Rendering;

/// <summary>Times and numbers as the public reads them: London time, plain counts.</summary>
internal static class Show
{
    public static string Time(DateTimeOffset? t) => t is { } x ? LondonTime.Show(x) : "not published";
    /// <summary>A day as people write it, in London: "4 Dec 2026" (no hyphen for a narrow column to break at).</summary>
    public static string Date(DateTimeOffset t) => LondonTime.ToLondon(t).Date.ToString("d MMM yyyy", CultureInfo.InvariantCulture).Replace(' ', '\u00A0');

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    public static string Threshold(double t) => t.ToString("0.###", CultureInfo.InvariantCulture);
    /// <summary>
    /// A deadline as people read it. One that falls at midnight in London is the end of the day before: "by the end of
    /// Fri 18 Dec 2026", never "by Sat 19 Dec 00:00", which reads as a day more than the rule gives.
    /// </summary>
    public static string Deadline(DateTimeOffset t) => LondonTime.ShowDeadline(t);

    /// <summary>A place on OpenStreetMap's public map, marked, at street level.</summary>
    public static string MapLink(double latitude, double longitude)
    {
        var lat = latitude.ToString("0.######", CultureInfo.InvariantCulture);
        var lon = longitude.ToString("0.######", CultureInfo.InvariantCulture);
        return $"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}";
    }

    public static string Met(bool met) => met ? "met" : "missed";

    /// <summary>A recognition model as the public reads it: what it is, which version, the file's SHA-256 and its licence.</summary>
    public static string Model(RecognitionModelName m) => $"{m.Name}, version {m.Version} (SHA-256 {m.Sha256}; weights licensed {m.Licence})";

    /// <summary>The models a report names, one after another.</summary>
    public static string Models(IReadOnlyList<RecognitionModelName> models) => string.Join("; ", models.Select(Model));
}
