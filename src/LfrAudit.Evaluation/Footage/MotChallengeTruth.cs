using System.Globalization;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// MOTChallenge ground truth (<c>gt.txt</c>): one line per box, <c>frame, id, left, top, width, height, conf, class,
/// visibility</c>, frames counted from 1. A box marked to be ignored (conf 0) or of a class other than pedestrian
/// (1) is left out. Person boxes, not face boxes: a face belongs to the person whose box holds its centre.
/// </summary>
internal static class MotChallengeTruth
{
    public static FootageTruth Read(string path, double fps, IReadOnlyDictionary<string, string>? identities)
    {
        var tracks = new SortedDictionary<int, SortedDictionary<int, TruthBox>>();
        var lineOf = new Dictionary<(int Track, int Frame), int>(); // where each box was given: a second box for a track's frame is a repeat
        int lastFrame = 0;
        foreach (var record in Csv.CsvFile.Read(path, "MOTChallenge truth"))
        {
            var (n, f) = (record.Line, record.Cells);
            if (f.Count < 6) throw Bad(path, n, "expected at least frame, id, left, top, width, height");
            int frame = Int(f[0], path, n, "frame"), id = Int(f[1], path, n, "id");
            float left = Num(f[2], path, n), top = Num(f[3], path, n), width = Num(f[4], path, n), height = Num(f[5], path, n);
            if (frame < 1 || width <= 0 || height <= 0) throw Bad(path, n, $"frame {frame} box {width}x{height}: frames count from 1 and boxes have a size");
            if (f.Count >= 7 && Num(f[6], path, n) == 0) continue;                     // an area to ignore
            if (f.Count >= 8 && Int(f[7], path, n, "class") is not (1 or -1)) continue; // not a pedestrian
            if (!tracks.TryGetValue(id, out var boxes)) tracks[id] = boxes = [];
            if (lineOf.TryGetValue((id, frame), out int earlier))
                throw Bad(path, n, string.Create(CultureInfo.InvariantCulture, $"track {id} already has a box in frame {frame} (line {earlier}); give each box once"));
            lineOf[(id, frame)] = n;
            boxes[frame - 1] = new TruthBox(left, top, width, height);
            lastFrame = Math.Max(lastFrame, frame);
        }
        var appearances = tracks.Select(t => Appearance(identities?.GetValueOrDefault(t.Key.ToString(CultureInfo.InvariantCulture)) ?? $"mot:{t.Key}", t.Value)).ToList();
        // Two tracks the identity map names as one person, in one place at once, are one appearance given twice.
        TruthRepeats.Refuse(path, appearances, tracks.Select(t => lineOf[(t.Key, t.Value.Keys.First() + 1)]).ToList());
        return new FootageTruth(fps, lastFrame, appearances);
    }

    internal static TruthAppearance Appearance(string identity, SortedDictionary<int, TruthBox> boxes)
    {
        var first = boxes.First();
        return new TruthAppearance(identity, first.Key, boxes.Keys.Last(), (int)first.Value.X, (int)first.Value.Y, (int)first.Value.Width, (int)first.Value.Height,
            null, 0, boxes);
    }

    private static int Int(string s, string path, int line, string what) =>
        int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d
        : throw Bad(path, line, $"{what} '{SafeText.Escape(s.Trim())}' is not a whole number");

    private static float Num(string s, string path, int line) =>
        float.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) ? v
        : throw Bad(path, line, $"'{SafeText.Escape(s.Trim())}' is not a number");

    private static LfrInputException Bad(string path, int line, string problem) => new($"{path}: line {line}: {problem}");
}
