using System.Reflection;
using System.Text.RegularExpressions;
using LfrAudit.Cli.Output;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// README's exit-code table is the program's: a row for every exit code it has and none other, and every example a row
/// gives, run as a real process in an empty folder, exits with that row's code (a failure in one line naming the input).
/// </summary>
public sealed partial class ExitCodeTableTests
{
    private static IReadOnlyList<(int Code, IReadOnlyList<string> Examples)> Rows()
    {
        var readme = File.ReadAllLines(Repository.File("README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith("| code | meaning |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README has no exit-code table");
        return readme.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).Select(l =>
        {
            var cells = l.Split('|');
            return (int.Parse(cells[1].Trim(), System.Globalization.CultureInfo.InvariantCulture),
                (IReadOnlyList<string>)Example().Matches(cells[^2]).Select(m => m.Groups[1].Value).ToList());
        }).ToList();
    }

    [Fact]
    public void The_table_has_a_row_for_every_exit_code_and_no_other()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!).Order();
        Assert.Equal(codes, Rows().Select(r => r.Code).Order());
        Assert.All(new[] { ExitCodes.Ok, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.ModelProblem },
            code => Assert.NotEmpty(Rows().Single(r => r.Code == code).Examples));
    }

    public static TheoryData<int, string> Examples()
    {
        var data = new TheoryData<int, string>();
        foreach (var (code, examples) in Rows())
            foreach (var e in examples) data.Add(code, e);
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_exits_with_its_rows_code(int code, string example)
    {
        using var dir = new TempDir();
        var args = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray(); // past "lfr"
        var r = await Lfr.RunProcessIn(dir.Path, null, args);
        Assert.True(r.Exit == code, $"{example}: expected exit {code}\n{r}");
        if (code != ExitCodes.Ok)
        {
            var line = Assert.Single(r.ErrorLines);
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        }
        // Nothing was made in the folder it ran in: a refused command writes nothing.
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [GeneratedRegex("`(lfr [^`]+)`")]
    private static partial Regex Example();
}
