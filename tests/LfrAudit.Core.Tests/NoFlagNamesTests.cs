using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LfrAudit.Core.Tests;

/// <summary>
/// The domain and the vision layer say what went wrong in their own words (a field, a remedy); only a front end
/// knows its flags. No string literal in src/LfrAudit.Core, Recognition, Governance, Vision or Application names a command-line option.
/// </summary>
public partial class NoFlagNamesTests
{
    [GeneratedRegex("\"[^\"\\n]*--[a-z][a-z-]+[^\"\\n]*\"")]
    private static partial Regex FlagInString();

    private static string SourceRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "src"));

    [Theory]
    [InlineData("LfrAudit.Core")]
    [InlineData("LfrAudit.Recognition")]
    [InlineData("LfrAudit.Governance")]
    [InlineData("LfrAudit.Vision")]
    [InlineData("LfrAudit.Application")]
    public void No_string_in_the_layer_names_a_flag(string project)
    {
        var folder = Path.Combine(SourceRoot(), project);
        Assert.True(Directory.Exists(folder), folder);
        var found = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && FlagInString().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
