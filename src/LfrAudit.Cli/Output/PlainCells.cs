using LfrAudit.Core.Untrusted;
using Spectre.Console.Rendering;

namespace LfrAudit.Cli.Output;

/// <summary>
/// Table and grid rows from plain text. Spectre reads a string cell as markup, so a name with '[' in it would
/// break the table (or style it); these cells are text, with control characters escaped.
/// </summary>
internal static class PlainCells
{
    public static Table AddTextRow(this Table table, params string?[] cells) => table.AddRow(Cells(cells));

    public static Grid AddTextRow(this Grid grid, params string?[] cells) => grid.AddRow(Cells(cells));

    private static IRenderable[] Cells(string?[] cells) => cells.Select(c => (IRenderable)new Text(SafeText.Escape(c ?? ""))).ToArray();
}
