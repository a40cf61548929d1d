namespace LfrAudit.Core.Untrusted;

/// <summary>
/// How much YAML a reader accepts before it builds a document: how deep mappings and lists may nest, how large the
/// file may be, how many nodes it may hold and how many aliases (<c>*name</c>) it may use (0: none at all).
/// </summary>
/// <param name="What">What the file is, as a message names it ("watchlist manifest").</param>
public sealed record YamlLimits(string What, int MaxDepth, long MaxBytes, int MaxNodes, int MaxAliases)
{
    /// <summary>Deeper than this no file of ours goes; YamlDotNet's document model recurses once a level.</summary>
    public const int SaneDepth = 64;
}
