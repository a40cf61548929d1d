using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.ImageSets;

/// <summary>One labelled image: its path relative to the set's root, who it is (if known) and its demographic labels.</summary>
public sealed record LabelledImage(string Set, string Path, string? Identity, IReadOnlyDictionary<string, string> Groups);

/// <summary>
/// Reads a labels CSV in the format of ../shared/datasets (path, identity, sex, ethnicity, age_band, …):
/// 'path' is required, 'identity' is required for a watchlist set; demographic cells may be empty.
/// </summary>
public static class LabelsFile
{
    /// <summary>The demographic columns read (cells may be empty).</summary>
    public static readonly IReadOnlyList<string> Dimensions = Array.AsReadOnly(new[] { "sex", "ethnicity", "age_band" });

    /// <summary>The images of the labels file, each tagged with <paramref name="set"/>; any malformed line is one error naming it.</summary>
    public static IReadOnlyList<LabelledImage> Read(string csvPath, string set, bool identityRequired)
    {
        var records = Csv.CsvFile.Read(csvPath, "labels file");
        if (records.Count == 0) throw new LfrInputException($"{csvPath}: labels file is empty");
        var header = records[0].Cells.Select(h => h.ToLowerInvariant()).ToList();
        int Column(string name, bool required)
        {
            int i = header.IndexOf(name);
            if (i < 0 && required)
                throw new LfrInputException($"{csvPath}: missing column '{name}' (it has: {string.Join(", ", header.Select(h => SafeText.Escape(h)))})");
            return i;
        }
        int path = Column("path", true), identity = Column("identity", identityRequired);
        var dims = Dimensions.Select(d => (Name: d, Index: Column(d, false))).Where(d => d.Index >= 0).ToList();
        var images = new List<LabelledImage>();
        foreach (var row in records.Skip(1))
        {
            if (row[path].Length == 0) throw new LfrInputException($"{csvPath}:{row.Line}: empty path");
            var groups = dims.Where(d => row[d.Index].Length > 0).ToDictionary(d => d.Name, d => row[d.Index]);
            images.Add(new LabelledImage(set, row[path], row[identity] is { Length: > 0 } id ? id : null, groups));
        }
        return images;
    }
}
