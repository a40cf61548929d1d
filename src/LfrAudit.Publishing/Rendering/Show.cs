using LfrAudit.Recognition.Matching;
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

    /// <summary>A recognition model as the public reads it: what it is, which version, the file's SHA-256 and its licence.</summary>
    public static string Model(RecognitionModelName m) => $"{m.Name}, version {m.Version} (SHA-256 {m.Sha256}; weights licensed {m.Licence})";

    /// <summary>The models a report names, one after another.</summary>
    public static string Models(IReadOnlyList<RecognitionModelName> models) => string.Join("; ", models.Select(Model));
}
