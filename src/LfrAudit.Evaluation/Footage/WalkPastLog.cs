using System.Globalization;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// A walk-past log as field trials keep it: <c>person,camera,from,to</c>, times as seconds into the footage or as
/// h:mm:ss(.f). It says who passed and when, not where: any face in view then may be theirs. (Several people in view
/// at once make it ambiguous; a tracking annotation says more.)
/// </summary>
public static class WalkPastLog
{
    public static FootageTruth Read(string path, double fps)
    {
        var lines = TextFiles.ReadAll(path, "walk-past log").Split('\n').Select(l => l.Trim()).ToList();
        if (lines.Count == 0 || !lines[0].StartsWith("person,", StringComparison.OrdinalIgnoreCase))
            throw new LfrInputException($"{path}: a walk-past log starts with the header person,camera,from,to");
        var appearances = new List<TruthAppearance>();
        var read = new List<int>();
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length != 4 || f[0].Trim().Length == 0) throw new LfrInputException($"{path}: line {i + 1}: expected person,camera,from,to");
            var (from, to) = (Seconds(f[2], path, i + 1), Seconds(f[3], path, i + 1));
            if (to < from) throw new LfrInputException($"{path}: line {i + 1}: '{SafeText.Escape(f[0])}' leaves before arriving");
            appearances.Add(new TruthAppearance(f[0].Trim(), (int)Math.Floor(from * fps), (int)Math.Ceiling(to * fps), 0, 0, 0, 0, null));
            read.Add(i + 1);
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
