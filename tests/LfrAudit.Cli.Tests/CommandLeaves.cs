using System.CommandLine;

namespace LfrAudit.Cli.Tests;

/// <summary>Every command a person can run (a leaf of the tree), named as they type it, from "lfr".</summary>
internal static class CommandLeaves
{
    // The root's own name is the host assembly's: paths start from "lfr" instead.
    public static IEnumerable<(string Path, Command Command)> Of(RootCommand root) => root.Subcommands.SelectMany(c => Below(c, "lfr"));

    private static IEnumerable<(string Path, Command Command)> Below(Command c, string path)
    {
        var here = $"{path} {c.Name}".Trim();
        if (c.Subcommands.Count == 0) yield return (here, c);
        foreach (var s in c.Subcommands)
            foreach (var leaf in Below(s, here))
                yield return leaf;
    }
}
