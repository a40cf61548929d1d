using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>A box in frame pixels, as annotation tools give them (a person's or a face's).</summary>
public readonly record struct TruthBox(float X, float Y, float Width, float Height);

/// <summary>
/// One person's appearance in footage: who, from which frame to which, and where: a box at the first frame that
/// drifts (the synthesiser's), a box per frame (a tracking annotation), or nowhere in particular (a walk-past
/// log, which says only when: a width and height of 0).
/// </summary>
public sealed record TruthAppearance(string Identity, int FirstFrame, int LastFrame, int X, int Y, int Width, int Height,
    IReadOnlyDictionary<string, string>? Groups, int DriftXPerFrame = 0, IReadOnlyDictionary<int, TruthBox>? Boxes = null)
{
    /// <summary>Whether a face centred at (x, y) in this frame belongs to this appearance (with a margin for detector boxes).</summary>
    public bool Contains(long frame, float x, float y)
    {
        if (frame < FirstFrame || frame > LastFrame) return false;
        if (Boxes is not null)
            return Boxes.TryGetValue((int)frame, out var b) && Inside(x, y, b.X, b.Y, b.Width, b.Height);
        if (Width == 0 && Height == 0) return true; // a walk-past log: anyone in view then
        return Inside(x, y, X + DriftXPerFrame * (frame - FirstFrame), Y, Width, Height);
    }

    private static bool Inside(float x, float y, float left, float top, float width, float height)
    {
        float margin = 0.1f * width;
        return x >= left - margin && x <= left + width + margin && y >= top - margin && y <= top + height + margin;
    }
}

/// <summary>Ground truth for a clip (the JSON `lfr demo` and the clip synthesiser write: fps and appearances).</summary>
public sealed record FootageTruth(double Fps, int Frames, IReadOnlyList<TruthAppearance> Appearances)
{
    private sealed record File_(double Fps, int Frames, List<TruthAppearance>? Appearances);

    /// <summary>
    /// Reads truth in any format testers bring: this program's JSON, MOTChallenge <c>gt.txt</c>, CVAT video XML, or a
    /// walk-past log (CSV). Annotation tools number tracks, not people: <paramref name="trackIdentities"/> names them
    /// (a track not named keeps its tool's name, e.g. "mot:3"); <paramref name="videoFps"/> times a log's seconds.
    /// </summary>
    public static FootageTruth Read(string path, double? videoFps, IReadOnlyDictionary<string, string>? trackIdentities = null)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        var fps = videoFps is > 0 and < 1000 ? videoFps.Value : 25;
        return name.EndsWith(".json", StringComparison.Ordinal) ? Read(path)
            : name.EndsWith(".xml", StringComparison.Ordinal) ? CvatVideoTruth.Read(path, fps, trackIdentities)
            : name.EndsWith(".csv", StringComparison.Ordinal) ? WalkPastLog.Read(path, fps)
            : name.EndsWith(".txt", StringComparison.Ordinal) ? MotChallengeTruth.Read(path, fps, trackIdentities)
            : throw new LfrInputException($"{path}: truth must be .json (lfr's), gt.txt (MOTChallenge), .xml (CVAT video) or .csv (walk-past log)");
    }

    // A property given twice (two "appearances" arrays, two "fps") is refused rather than the last taken silently.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    /// <summary>lfr's own truth format (JSON): refused in one line if malformed, or if a property is given twice.</summary>
    public static FootageTruth Read(string path)
    {
        File_? f;
        var text = TextFiles.ReadAll(path, "truth file");
        try { f = JsonSerializer.Deserialize<File_>(text, Json); }
        catch (JsonException ex) { throw new LfrInputException($"{path}: not a truth file ({SafeText.Escape(ex.Message.Split('\n')[0])})", ex); }
        if (f?.Appearances is null || !(f.Fps > 0) || !double.IsFinite(f.Fps)) throw new LfrInputException($"{path}: not a truth file (expected fps, frames and appearances)");
        var lines = JsonElementLines.Of(text, "appearances");
        for (int i = 0; i < f.Appearances.Count; i++)
        {
            var a = f.Appearances[i];
            if (a is null || a.LastFrame < a.FirstFrame || a.Width <= 0 || a.Height <= 0 || string.IsNullOrWhiteSpace(a.Identity))
                throw new LfrInputException(a is null
                    ? $"{path}: line {lines[i]}: an appearance is null"
                    : $"{path}: appearance of '{SafeText.Escape(a.Identity ?? "")}' is not valid (frames {a.FirstFrame}-{a.LastFrame}, box {a.Width}x{a.Height}; line {lines[i]})");
        }
        TruthRepeats.Refuse(path, f.Appearances, lines);
        return new FootageTruth(f.Fps, f.Frames, f.Appearances);
    }
}
