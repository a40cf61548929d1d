using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// Text a deployment publishes (place, purpose, names): one line of printable text of a sensible length.
/// Control characters would forge lines in logs and documents; a megabyte of purpose informs no one.
/// </summary>
internal static class PublishedText
{
    public const int MaxLength = 2000;

    public static void Require(string text, string field, DeploymentId deployment)
    {
        if (SafeText.HasControlCharacters(text))
            throw new DeploymentRuleException($"deployment {deployment}: the {field} '{SafeText.Escape(Short(text))}' contains control characters (line breaks, tabs, escapes); give plain text");
        if (text.Length > MaxLength)
            throw new DeploymentRuleException($"deployment {deployment}: the {field} is {text.Length} characters long; at most {MaxLength}");
    }

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
