using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// Text and times from a log as a problem line shows them: whatever an entry holds is escaped (it could otherwise forge
/// lines or drive a terminal) and cut short (one line each, however long the forged value), times as the log writes them.
/// </summary>
public static class Shown
{
    private const int MaxLength = 64;

    public static string Text(string text) => SafeText.Escape(text.Length > MaxLength ? text[..MaxLength] + "…" : text);

    public static string Time(DateTimeOffset t) => AuditEntry.Time(t);
}
