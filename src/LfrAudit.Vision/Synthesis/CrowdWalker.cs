namespace LfrAudit.Vision.Synthesis;

/// <summary>Where a photo's face is, in the photo's own pixels (found once by the detector before the photo walks).</summary>
public readonly record struct PhotoFace(float X, float Y, float Width, float Height);

/// <summary>Which part of a walker's face something hides for a while.</summary>
public enum OcclusionSide
{
    /// <summary>The lower face (a scarf, a mask).</summary>
    Lower,
    /// <summary>The left half (a passer-by, a pillar).</summary>
    Left,
    /// <summary>The right half.</summary>
    Right,
}

/// <summary>
/// Something covering part of a face for part of a walk (a scarf, a raised phone, a passer-by's shoulder):
/// from and to are fractions of the walk, <paramref name="Covered"/> the fraction of the face hidden.
/// </summary>
public sealed record Occlusion(double From, double To, double Covered, OcclusionSide Side);

/// <summary>
/// One person walking towards the camera: whose photo, where its face is, when they enter and for how many
/// frames they walk, where they walk (lateral position from -1, the left edge, to 1, the right, at the near
/// end), how their head is turned and tilted, how well lit they are and what may hide their face.
/// </summary>
public sealed record CrowdWalker(
    string Identity,
    string Image,
    PhotoFace Face,
    IReadOnlyDictionary<string, string>? Groups,
    int EnterFrame,
    int WalkFrames,
    double LateralFrom,
    double LateralTo,
    double YawDegrees,
    double RollDegrees,
    double Light,
    Occlusion? Occlusion,
    int ClothingShade)
{
    /// <summary>The last frame the walker is in the clip.</summary>
    public int LastFrame => EnterFrame + WalkFrames - 1;

    /// <summary>How far along the walk the person is at <paramref name="frame"/>: 0 on entering, 1 at the near end.</summary>
    public double Progress(int frame) => WalkFrames <= 1 ? 1 : Math.Clamp((frame - EnterFrame) / (double)(WalkFrames - 1), 0, 1);
}
