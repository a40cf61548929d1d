using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using YamlDotNet.RepresentationModel;

namespace LfrAudit.Cli.Configuration;

/// <summary>
/// lfr.yaml read as a force writes it: sections of keys (force, public_site, defaults, console), each a plain value.
/// Anything else — a key this version does not know (a typo would otherwise be silently ignored), a list, a nested
/// section, a file too large or not a file — is one line naming the file, the line and the key.
/// </summary>
internal static class ConfigurationFile
{
    /// <summary>The file's name beside a store.</summary>
    public const string Name = "lfr.yaml";

    private static readonly YamlLimits Limits = new("configuration file", MaxDepth: 8, MaxBytes: 256 * 1024, MaxNodes: 10_000, MaxAliases: 0);

    /// <summary>A value as the file gives it, with the line it is on.</summary>
    public sealed record Entry(string Value, int Line);

    /// <summary>Every key the file sets, by its dotted path.</summary>
    public static IReadOnlyDictionary<string, Entry> Read(string path)
    {
        var shown = FileKind.Show(path);
        var stream = BoundedYaml.Load(BoundedYaml.ReadText(path, Limits), shown, Limits);
        var values = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return values; // an empty file sets nothing
        if (stream.Documents.Count > 1) throw new LfrInputException($"{shown}: holds {stream.Documents.Count} YAML documents; a configuration file is one");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new LfrInputException($"{shown}:{stream.Documents[0].RootNode.Start.Line}: a configuration file is sections of keys (force:, public_site:, defaults:, console:)");
        var sections = ConfigurationKeys.All.Select(k => k.Section).Distinct().ToList();
        foreach (var (sectionNode, body) in root.Children)
        {
            var section = Scalar(sectionNode, shown);
            if (!sections.Contains(section, StringComparer.Ordinal))
                throw new LfrInputException($"{shown}:{sectionNode.Start.Line}: '{SafeText.Escape(section)}' is not a section this version knows: use {string.Join(", ", sections)}");
            if (body is YamlScalarNode { Value: null or "" }) continue; // a section left empty
            if (body is not YamlMappingNode keys)
                throw new LfrInputException($"{shown}:{body.Start.Line}: section '{section}' must hold keys (for example {ConfigurationKeys.All.First(k => k.Section == section).Path})");
            foreach (var (keyNode, valueNode) in keys.Children)
            {
                var key = $"{section}.{Scalar(keyNode, shown)}";
                if (ConfigurationKeys.All.All(k => k.Path != key))
                    throw new LfrInputException($"{shown}:{keyNode.Start.Line}: '{SafeText.Escape(key)}' is not a key this version knows: section '{section}' has "
                        + string.Join(", ", ConfigurationKeys.All.Where(k => k.Section == section).Select(k => k.Path[(section.Length + 1)..])));
                if (valueNode is not YamlScalarNode { Value: { } value })
                    throw new LfrInputException($"{shown}:{valueNode.Start.Line}: '{key}' must be one value, not a list or a section");
                values[key] = new Entry(value, (int)valueNode.Start.Line);
            }
        }
        return values;
    }

    private static string Scalar(YamlNode node, string shown) => node is YamlScalarNode { Value: { } v }
        ? v : throw new LfrInputException($"{shown}:{node.Start.Line}: a key must be a plain name");
}

/// <summary>Which lfr.yaml a command reads.</summary>
internal static class ConfigurationLocation
{
    /// <summary>
    /// --config FILE, else $LFR_CONFIG (either must exist), else lfr.yaml beside the SQLite store, else — for a central
    /// store, which has no folder — lfr.yaml in the working folder; none of those, no file (the defaults).
    /// </summary>
    public static string? Find(ParseResult p)
    {
        var named = SharedOptions.Value(p, GlobalOptions.Config) is { Length: > 0 } given ? (given, "--config")
            : Environment.GetEnvironmentVariable("LFR_CONFIG") is { Length: > 0 } env ? (env, "$LFR_CONFIG")
            : ((string, string)?)null;
        if (named is var (path, from))
        {
            TextFiles.RequireName(path, "configuration file");
            if (FileKind.Of(path) == FileKindOf.Missing) throw new LfrInputException($"{FileKind.Show(path)}: the configuration file {from} names does not exist");
            return path;
        }
        var target = StoreTarget.Resolve(p);
        if (!target.IsCentral) TextFiles.RequireName(target.Location, "store"); // --db '' names no folder to look in
        var folder = target.IsCentral ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(target.Location))!;
        var beside = Path.Combine(folder, ConfigurationFile.Name);
        return FileKind.Of(beside) == FileKindOf.Missing ? null : beside;
    }
}
