using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using YamlDotNet.RepresentationModel;

namespace LfrAudit.Governance.Watchlists;

/// <summary>
/// Reads a YAML watchlist manifest:
/// <code>
/// name: demo-watchlist
/// entries:
///   - id: WL-0001
///     category: wanted-serious-offence
///     source: ...
///     authorised_by: ...
///     approved_at: 2026-11-01T09:00:00Z
///     expires_at: 2027-02-01T00:00:00Z
///     images: [path/one.jpg, path/two.jpg]
/// </code>
/// A file that is not YAML of this shape is one clear error naming the file and line; problems inside an
/// entry are left for enrolment to report per entry.
/// </summary>
public static class WatchlistManifestReader
{
    /// <summary>
    /// Far beyond any real watchlist (a thousand entries is a few hundred kilobytes) and still quick to refuse: a manifest
    /// nests three levels deep and has no need of many aliases.
    /// </summary>
    public static readonly YamlLimits Limits = new("watchlist manifest", YamlLimits.SaneDepth, MaxBytes: 64L * 1024 * 1024,
        MaxNodes: 2_000_000, MaxAliases: 10_000);

    /// <summary>Reads the manifest at <paramref name="path"/> within <see cref="Limits"/>; refused in one line naming the file (and line) if it is not one.</summary>
    public static WatchlistManifest Read(string path)
    {
        var text = BoundedYaml.ReadText(path, Limits);
        return Parse(text, FileKind.Show(path));
    }

    /// <summary>Parses manifest text; <paramref name="path"/> is how problems name it, and its file name is the watchlist's name when the text gives none.</summary>
    public static WatchlistManifest Parse(string text, string path)
    {
        var stream = BoundedYaml.Load(text, path, Limits);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new LfrInputException($"{path}: not a watchlist manifest: expected a mapping with 'name' and 'entries'");

        string name = Scalar(root, "name") ?? Path.GetFileNameWithoutExtension(path);
        if (!root.Children.TryGetValue(new YamlScalarNode("entries"), out var entriesNode))
            throw new LfrInputException($"{path}: not a watchlist manifest: it has no 'entries' list");
        if (entriesNode is not YamlSequenceNode seq)
            throw new LfrInputException($"{path}:{entriesNode.Start.Line}: 'entries' must be a list");

        var entries = new List<ManifestEntry>();
        foreach (var node in seq)
        {
            int line = (int)node.Start.Line;
            if (node is not YamlMappingNode m)
            {
                entries.Add(new ManifestEntry(line, null, null, null, null, null, null, []));
                continue;
            }
            entries.Add(new ManifestEntry(line,
                Scalar(m, "id"), Scalar(m, "category"), Scalar(m, "source"),
                Scalar(m, "authorised_by") ?? Scalar(m, "authorized_by"),
                Scalar(m, "approved_at"), Scalar(m, "expires_at"),
                Images(m)));
        }
        return new WatchlistManifest(name, path, entries);
    }

    private static string? Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
            ? s.Value!.Trim() : null;

    private static IReadOnlyList<string> Images(YamlMappingNode m)
    {
        if (!m.Children.TryGetValue(new YamlScalarNode("images"), out var v)) return [];
        return v switch
        {
            YamlSequenceNode s => s.OfType<YamlScalarNode>().Select(x => x.Value ?? "").Where(x => x.Length > 0).ToList(),
            YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => [s.Value!],
            _ => [],
        };
    }
}
