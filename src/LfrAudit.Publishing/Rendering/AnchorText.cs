using LfrAudit.Governance.Audit;

namespace LfrAudit.Publishing.Rendering;

/// <summary>
/// The signed tree head a document was published under: anyone holding the audit log can check that this
/// document's hash is in it, and that the log has not been rewritten since.
/// </summary>
internal static class AnchorText
{
    public static string Html(TreeHead? head, string alternatesBase) => head is null ? "" :
        "<h2>Anchored in the audit log</h2>\n" +
        $"<p>This document's SHA-256 is recorded in the force's tamper-evident audit log. The log's signed tree head at publication: " +
        $"size {head.TreeSize}, root <code>{Rendering.Html.E(head.RootHash)}</code>, signed {Rendering.Html.E(Show.Time(head.Timestamp))} with key {Rendering.Html.E(head.KeyId)} " +
        $"({Rendering.Html.Link(alternatesBase + ".tree-head.json", "signed tree head")}).</p>\n";

    public static string Markdown(TreeHead? head) => head is null ? "" :
        $"\n## Anchored in the audit log\n\nThis document's SHA-256 is recorded in the audit log. Signed tree head at publication: size {head.TreeSize}, " +
        $"root `{head.RootHash}`, signed {Show.Time(head.Timestamp)}, key {head.KeyId}, signature `{head.Signature}`.\n";
}
