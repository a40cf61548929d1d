using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>One clip of a folder and who it shows: a person's identity, or null for a clip that shows no one known.</summary>
public sealed record TruthClip(string File, string? Identity, int Line)
{
    /// <summary>The clip's truth as an appearance: the whole clip, any face in view (one main face, as clip-level truth says).</summary>
    /// <param name="videoFps">The clip's own rate, if its header gives a sane one (else 25, as for other truth).</param>
    public FootageTruth Truth(double? videoFps) =>
        new(videoFps is > 0 and < 1000 ? videoFps.Value : 25, int.MaxValue, Identity is null ? [] : [new TruthAppearance(Identity, 0, int.MaxValue, 0, 0, 0, 0, null)]);
}

/// <summary>
/// Clip-level truth as testers are given it with a folder of clips (YouTube Faces, a field trial's recordings):
/// <c>clip,identity</c> per line — this clip shows that person, or <c>none</c>. Each clip named once and present in the
/// folder beside the file (or the one given); any problem is one line naming the file and line.
/// </summary>
public static class ClipTruth
{
    /// <summary>What a clip of no one known says in the identity column.</summary>
    public const string Nobody = "none";

    /// <summary>The clips the truth file names, each checked to be present in <paramref name="clipsFolder"/> (else beside the file).</summary>
    public static IReadOnlyList<TruthClip> Read(string path, string? clipsFolder = null)
    {
        var records = Csv.CsvFile.Read(path, "clip truth");
        if (records.Count == 0 || records[0].Cells is not [var c, var i] || !c.Equals("clip", StringComparison.OrdinalIgnoreCase) || !i.Equals("identity", StringComparison.OrdinalIgnoreCase))
            throw new LfrInputException($"{path}: clip-level truth starts with the header clip,identity");
        var folder = clipsFolder ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        var clips = new List<TruthClip>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in records.Skip(1))
        {
            if (r.Cells.Count != 2 || r[0].Length == 0 || r[1].Length == 0)
                throw new LfrInputException($"{path}: line {r.Line}: expected clip,identity (the identity, or '{Nobody}' for a clip of no one known)");
            if (r[0].Contains('/') || r[0].Contains('\\') || r[0] is "." or "..")
                throw new LfrInputException($"{path}: line {r.Line}: clip '{SafeText.Escape(r[0])}' must be a file name in {folder}, not a path");
            if (seen.TryGetValue(r[0], out var earlier))
                throw new LfrInputException($"{path}: line {r.Line}: clip '{SafeText.Escape(r[0])}' is already given on line {earlier}; give each clip once");
            seen[r[0]] = r.Line;
            var file = Path.Combine(folder, r[0]);
            if (FileKind.Of(file) != FileKindOf.Regular)
                throw new LfrInputException($"{path}: line {r.Line}: clip '{SafeText.Escape(r[0])}' is not a file in {folder}");
            clips.Add(new TruthClip(file, r[1].Equals(Nobody, StringComparison.OrdinalIgnoreCase) ? null : r[1], r.Line));
        }
        if (clips.Count == 0) throw new LfrInputException($"{path}: no clips listed");
        return clips;
    }
}
