using System.Text;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Publishing.Rendering;

/// <summary>
/// Text published into a Markdown document: every character Markdown (or the HTML it may carry) gives a
/// meaning is escaped, and line breaks are folded, so a name or a reason can neither inject markup nor a
/// heading, a link, a table cell or raw HTML.
/// </summary>
internal static class Markdown
{
    private const string Special = "\\`*_{}[]()#!|~";
    private const string SpecialAtStart = "+-.=:>";

    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var b = new StringBuilder(text.Length + 8);
        var folded = SafeText.Escape(text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' '));
        // At the start of a line a '+', '-', '.', '=', ':' or '>' would begin a list, a rule or a quote.
        if (folded.Length > 0 && SpecialAtStart.Contains(folded[0])) b.Append('\\');
        foreach (var ch in folded)
        {
            switch (ch)
            {
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '&': b.Append("&amp;"); break;
                default:
                    if (Special.Contains(ch)) b.Append('\\');
                    b.Append(ch);
                    break;
            }
        }
        return b.ToString();
    }
}
