using System.Globalization;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// A walk-past log as field trials keep it: <c>person,camera,from,to</c>, times as seconds into the footage or as
/// h:mm:ss(.f). It says who passed and when, not where: any face in view then may be theirs. (Several people in view
/// at once make it ambiguous; a tracking annotation says more.)
/// </summary>
public static class WalkPastLog
{
    /// <summary>The log at <paramref name="path"/> as truth, its times turned into frames at <paramref name="fps"/>.</summary>
    public static FootageTruth Read(string path, double fps)
    {
        var records = Csv.CsvFile.Read(path, "walk-past log");
        if (records.Count == 0 || records[0].Cells is not [var first, ..] || !first.Equals("person", StringComparison.OrdinalIgnoreCase))
            throw new LfrInputException($"{path}: a walk-past log starts with the header person,camera,from,to");
        var appearances = new List<TruthAppearance>();
        var read = new List<int>();
        foreach (var f in records.Skip(1))
        {
            if (f.Cells.Count != 4 || f[0].Length == 0) throw new LfrInputException($"{path}: line {f.Line}: expected person,camera,from,to");
            var (from, to) = (Seconds(f[2], path, f.Line), Seconds(f[3], path, f.Line));
            if (to < from) throw new LfrInputException($"{path}: line {f.Line}: '{SafeText.Escape(f[0])}' leaves before arriving");
            appearances.Add(new TruthAppearance(f[0], (int)Math.Floor(from * fps), (int)Math.Ceiling(to * fps), 0, 0, 0, 0, null));
            read.Add(f.Line);
        }
        TruthRepeats.Refuse(path, appearances, read);
        return new FootageTruth(fps, appearances.Count == 0 ? 0 : appearances.Max(a => a.LastFrame) + 1, appearances);
    }

    private static double Seconds(string text, string path, int line)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) && s >= 0 && s < 86_400 * 7) return s;
        if (TimeSpan.TryParseExact(t, [@"h\:mm\:ss", @"h\:mm\:ss\.FFF", @"mm\:ss", @"mm\:ss\.FFF"], CultureInfo.InvariantCulture, out var ts)) return ts.TotalSeconds;
        throw new LfrInputException($"{path}: line {line}: time '{SafeText.Escape(t)}' is not seconds or h:mm:ss");
    }
}
