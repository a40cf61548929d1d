using System.Globalization;

namespace LfrAudit.Core.Wording;

/// <summary>Small rules of English that messages and documents get wrong when written by hand ("1 alerts", "a Inspector").</summary>
public static class English
{
    /// <summary>"an Inspector", "a Superintendent": by the first letter, which is right for every police rank.</summary>
    public static string WithArticle(string noun)
    {
        var trimmed = noun.TrimStart();
        return (trimmed.Length > 0 && "AEIOUaeiou".Contains(trimmed[0], StringComparison.Ordinal) ? "an " : "a ") + noun;
    }

    /// <summary>"1 alert", "2 alerts", "1,300 alerts"; <paramref name="plural"/> where adding s is wrong ("people").</summary>
    public static string Count(long n, string singular, string? plural = null) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");
}
