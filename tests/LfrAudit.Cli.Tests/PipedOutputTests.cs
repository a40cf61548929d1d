using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>Piped, lfr writes plain lines: no box-drawing characters, no colour codes, a row to a line that grep and awk read.</summary>
public sealed class PipedOutputTests
{
    [Fact]
    public async Task A_table_piped_is_plain_lines_a_row_to_a_line()
    {
        var r = await Lfr.RunProcess(null, "models", "list", "--models", SharedData.ModelsDir);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.DoesNotContain(r.Out, ch => ch is >= '\u2500' and <= '\u257F' || ch == '\u001b');
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Each catalogue model on its own line, its id first, as awk '{print $1}' would take it.
        Assert.Contains(lines, l => l.TrimStart().StartsWith("mobilefacenet", StringComparison.Ordinal));
        // A long cell stays on its row's line rather than wrapping onto the next.
        Assert.Contains(lines, l => l.TrimStart().StartsWith("edgeface", StringComparison.Ordinal) && l.Contains("--accept-model-licence edgeface-xs-g06", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.False(char.IsWhiteSpace(l[0]), $"a continuation line: '{l}'"));
    }
}
