using System.Text;
using LfrAudit.Core.Domain;

namespace LfrAudit.Evaluation.ImageSets;

/// <summary>One labelled image: its path relative to the set's root, who it is (if known) and its demographic labels.</summary>
public sealed record LabelledImage(string Set, string Path, string? Identity, IReadOnlyDictionary<string, string> Groups);

/// <summary>
/// Reads a labels CSV in the format of ../shared/datasets (path, identity, sex, ethnicity, age_band, …):
/// 'path' is required, 'identity' is required for a watchlist set; demographic cells may be empty.
/// </summary>
public static class LabelsFile
{
    public static readonly string[] Dimensions = ["sex", "ethnicity", "age_band"];

    public static IReadOnlyList<LabelledImage> Read(string csvPath, string set, bool identityRequired)
    {
        var lines = Core.Inputs.TextFiles.ReadLines(csvPath, "labels file");
        if (lines.Length == 0) throw new LfrInputException($"{csvPath}: labels file is empty");
        var header = Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name, bool required)
        {
            int i = header.IndexOf(name);
            if (i < 0 && required)
                throw new LfrInputException($"{csvPath}: missing column '{name}' (it has: {string.Join(", ", header)})");
            return i;
        }
        int path = Column("path", true), identity = Column("identity", identityRequired);
        var dims = Dimensions.Select(d => (Name: d, Index: Column(d, false))).Where(d => d.Index >= 0).ToList();
        var images = new List<LabelledImage>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n])) continue;
            var cells = Split(lines[n]);
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            if (Cell(path).Length == 0) throw new LfrInputException($"{csvPath}:{n + 1}: empty path");
            var groups = dims.Where(d => Cell(d.Index).Length > 0).ToDictionary(d => d.Name, d => Cell(d.Index));
            images.Add(new LabelledImage(set, Cell(path), Cell(identity) is { Length: > 0 } id ? id : null, groups));
        }
        return images;
    }

    // RFC 4180: commas separate, double quotes enclose, "" inside quotes is a quote.
    internal static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
