using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// Text and times from a log as a problem line shows them: whatever an entry holds is escaped (it could otherwise forge
/// lines or drive a terminal) and cut short (one line each, however long the forged value), times as the log writes them.
/// </summary>
public static class Shown
{
    private const int MaxLength = 64;

    /// <summary>
    /// Text from an entry escaped and cut to 64 characters (with '…'), so it cannot forge or flood a problem line.
    /// </summary>
    public static string Text(string text) => SafeText.Escape(text.Length > MaxLength ? text[..MaxLength] + "…" : text);

    /// <summary>A time as the log writes it, so a problem line quotes the entry's own text.</summary>
    public static string Time(DateTimeOffset t) => AuditEntry.Time(t);
}
