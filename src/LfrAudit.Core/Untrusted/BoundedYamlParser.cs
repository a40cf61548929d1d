using System.Globalization;
using LfrAudit.Core.Problems;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Passes YamlDotNet's parser events on to whoever builds from them, refusing, as each event arrives, a file that
/// nests too deep, holds too many nodes or aliases, or has an alias inside the node its anchor names (a node that
/// contains itself). The events come from a state machine, not recursion, so a refusal at depth 65 costs 65 events
/// whatever follows; the document model that recurses per level never sees more than the limit.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, string path, YamlLimits limits) : IParser
{
    private readonly Stack<string?> _open = new();          // the anchor of each collection being read (null: none)
    private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);
    private int _nodes, _aliases;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        Check(inner.Current!);
        return true;
    }

    private void Check(ParsingEvent e)
    {
        switch (e)
        {
            case MappingStart or SequenceStart:
                Count(e);
                var anchor = ((NodeEvent)e).Anchor;
                var name = anchor.IsEmpty ? null : anchor.Value;
                if (_open.Count >= limits.MaxDepth)
                    throw Refuse(e, $"mappings and lists nest more than {limits.MaxDepth} deep; a {limits.What} needs only a few levels");
                _open.Push(name);
                if (name is not null) _openAnchors.Add(name);
                break;
            case MappingEnd or SequenceEnd:
                if (_open.Count > 0 && _open.Pop() is { } closed) _openAnchors.Remove(closed);
                break;
            case AnchorAlias alias:
                Count(e);
                if (limits.MaxAliases == 0)
                    throw Refuse(e, $"YAML aliases (*{alias.Value.Value}) are not allowed in a {limits.What}: write the value out");
                if (++_aliases > limits.MaxAliases)
                    throw Refuse(e, $"more than {limits.MaxAliases.ToString("N0", CultureInfo.InvariantCulture)} aliases (*name) in a {limits.What}");
                if (_openAnchors.Contains(alias.Value.Value))
                    throw Refuse(e, $"the alias *{alias.Value.Value} is inside the value its anchor names (a value that contains itself)");
                break;
            case Scalar:
                Count(e);
                break;
        }
    }

    private void Count(ParsingEvent e)
    {
        if (++_nodes > limits.MaxNodes)
            throw Refuse(e, $"more than {limits.MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} values in a {limits.What}");
    }

    private LfrInputException Refuse(ParsingEvent e, string problem) =>
        new($"{path}:{e.Start.Line}: {SafeText.Escape(problem)}");
}
