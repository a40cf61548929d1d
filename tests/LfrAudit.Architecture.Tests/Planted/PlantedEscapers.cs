using System.Text;
using System.Text.Encodings.Web;

// Pages built and escaped by hand, on purpose, so that a test can show the hand-written-HTML rule reports each kind.
namespace LfrAudit.Architecture.Tests.Planted.Html;

/// <summary>The escaper Html.E was before pages were Razor components: the rule must report it.</summary>
public static class EscapesByReplacing
{
    public static string E(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}

/// <summary>An escaper that writes every character as a numeric reference.</summary>
public static class EscapesByCharacterCode
{
    public static string E(string s)
    {
        var b = new StringBuilder();
        foreach (var c in s) b.Append("&#").Append((int)c).Append(';');
        return b.ToString();
    }
}

/// <summary>A library escaper called under a suppression, which the build's banned-symbol check would then let through.</summary>
public static class CallsTheLibraryEscaper
{
#pragma warning disable RS0030 // planted on purpose: the architecture test must report it
    public static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
#pragma warning restore RS0030

    public static string ViaTheEncoder(string s) => HtmlEncoder.Default.Encode(s);
}

/// <summary>A page as a string, its value put in between tags.</summary>
public static class BuildsAPageFromStrings
{
    public static string Page(string title) => $"<h1>{title}</h1>\n<p class=\"note\">published</p>";
}

/// <summary>Says "&lt;" in words and compares numbers: neither is HTML, and the rule must not report it.</summary>
public static class WritesLessThanInProse
{
    public static string Say(double p) => p < 0.0001 ? "< 0.0001" : "give <folder> as the export";
}
