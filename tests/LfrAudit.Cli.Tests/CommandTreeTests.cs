using System.CommandLine;
using LfrAudit.Cli.Composition;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Each command tree has its own option and argument objects. One object shared by the trees a process builds
/// remembers every command it joined, and adding it walks that list: the test host, which builds a tree for each of
/// thousands of in-process runs, slowed quadratically (3,000 trees took nine minutes).
/// </summary>
public class CommandTreeTests
{
    private static List<Symbol> Symbols(Command c) =>
        [.. c.Options, .. c.Arguments, .. c.Subcommands.SelectMany(Symbols)];

    [Fact]
    [Trait("Category", "Unit")]
    public void Two_command_trees_share_no_option_or_argument()
    {
        var first = Symbols(LfrApp.CommandTree());
        var second = Symbols(LfrApp.CommandTree()).ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.True(first.Count > 200, $"{first.Count} symbols: the walk missed the tree");
        var shared = first.Where(second.Contains).Select(s => s.Name).Distinct().ToList();
        Assert.True(shared.Count == 0, $"shared by both trees: {string.Join(", ", shared)}");
    }
}
