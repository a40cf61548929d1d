using System.Globalization;
using System.Text;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Text that came from outside (a path, a name, a note) on its way to a terminal, a log or a document:
/// control characters are shown as escapes so they can neither forge lines nor drive the terminal.
/// </summary>
public static class SafeText
{
    /// <summary>Whether the text holds a control or format character (line breaks, escapes, direction overrides).</summary>
    public static bool HasControlCharacters(string text) => text.Any(IsControl);

    /// <summary>The text with each control or format character shown as an escape (\n, \u001b, …), safe for one line of a terminal or log.</summary>
    public static string Escape(string text)
    {
        if (!HasControlCharacters(text)) return text;
        var b = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
            b.Append(IsControl(ch) ? "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture) : ch.ToString());
        return b.ToString();
    }

    // C0 and C1 controls, DEL, and the bidirectional overrides that can make text read differently from what it is.
    private static bool IsControl(char ch) =>
        char.IsControl(ch) || ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029';
}
