using System.Globalization;
using LfrAudit.Governance.Calendar;

namespace LfrAudit.Publishing.Rendering;

/// <summary>Times and numbers as the public reads them: London time, plain counts.</summary>
internal static class Show
{
    public static string Time(DateTimeOffset? t) => t is { } x ? LondonTime.Show(x) : "not published";
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    public static string Threshold(double t) => t.ToString("0.###", CultureInfo.InvariantCulture);
    public static string Met(bool met) => met ? "met" : "missed";
}
