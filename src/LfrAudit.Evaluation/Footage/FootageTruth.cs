using System.Text.Json;
using LfrAudit.Core.Domain;

namespace LfrAudit.Evaluation.Footage;

/// <summary>One person's appearance in footage: who, from which frame to which, where (the box at the first frame).</summary>
public sealed record TruthAppearance(string Identity, int FirstFrame, int LastFrame, int X, int Y, int Width, int Height,
    IReadOnlyDictionary<string, string>? Groups, int DriftXPerFrame = 0)
{
    /// <summary>Whether a face centred at (x, y) in this frame belongs to this appearance (with a margin for detector boxes).</summary>
    public bool Contains(long frame, float x, float y)
    {
        if (frame < FirstFrame || frame > LastFrame) return false;
        float left = X + DriftXPerFrame * (frame - FirstFrame), margin = 0.1f * Width;
        return x >= left - margin && x <= left + Width + margin && y >= Y - margin && y <= Y + Height + margin;
    }
}

/// <summary>Ground truth for a clip (the JSON `lfr demo` and the clip synthesiser write: fps and appearances).</summary>
public sealed record FootageTruth(double Fps, int Frames, IReadOnlyList<TruthAppearance> Appearances)
{
    private sealed record File_(double Fps, int Frames, List<TruthAppearance>? Appearances);

    public static FootageTruth Read(string path)
    {
        File_? f;
        var text = Core.Inputs.TextFiles.ReadAll(path, "truth file");
        try { f = JsonSerializer.Deserialize<File_>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web)); }
        catch (JsonException ex) { throw new LfrInputException($"{path}: not a truth file ({ex.Message.Split('\n')[0]})", ex); }
        if (f?.Appearances is null || f.Fps <= 0) throw new LfrInputException($"{path}: not a truth file (expected fps, frames and appearances)");
        foreach (var a in f.Appearances)
            if (a.LastFrame < a.FirstFrame || a.Width <= 0 || a.Height <= 0 || string.IsNullOrWhiteSpace(a.Identity))
                throw new LfrInputException($"{path}: appearance of '{a.Identity}' is not valid (frames {a.FirstFrame}-{a.LastFrame}, box {a.Width}x{a.Height})");
        return new FootageTruth(f.Fps, f.Frames, f.Appearances);
    }
}
