namespace LfrAudit.Vision.Synthesis;

/// <summary>A face's box in one frame, in frame pixels.</summary>
public readonly record struct FrameBox(float X, float Y, float Width, float Height);

/// <summary>
/// One walker in the truth: who (identity and labels), the frames their face is in view, the first box, and a box
/// for every frame. Written in the shape <c>lfr evaluate footage</c> reads.
/// </summary>
public sealed record CrowdAppearance(string Identity, string Image, int FirstFrame, int LastFrame, int X, int Y, int Width, int Height,
    IReadOnlyDictionary<string, string>? Groups, IReadOnlyDictionary<int, FrameBox> Boxes);

/// <summary>The frame-exact truth of a crowd clip.</summary>
public sealed record CrowdTruth(string Video, double Fps, int Width, int Height, int Frames, IReadOnlyList<CrowdAppearance> Appearances);
