using LfrAudit.Governance.Audit;

namespace LfrAudit.Publishing.Rendering;

/// <summary>
/// The signed tree head a document was published under, in Markdown (the HTML pages show it with <see cref="Site.AnchorSection"/>):
/// anyone holding the audit log can check that this document's hash is in it, and that the log has not been rewritten since.
/// </summary>
internal static class AnchorText
{
    public static string Markdown(TreeHead? head) => head is null ? "" :
        $"\n## Anchored in the audit log\n\nThis document's SHA-256 is recorded in the audit log. Signed tree head at publication: size {head.TreeSize}, " +
        $"root `{head.RootHash}`, signed {Show.Time(head.Timestamp)}, key {head.KeyId}, signature `{head.Signature}`.\n";
}
