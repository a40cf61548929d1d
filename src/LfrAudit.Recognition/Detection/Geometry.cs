namespace LfrAudit.Recognition.Detection;

/// <summary>A point in a frame's pixels.</summary>
public readonly record struct PointF(float X, float Y);

/// <summary>A face's box in a frame's pixels: its top-left corner and size.</summary>
public readonly record struct BoxF(float X, float Y, float Width, float Height)
{
    /// <summary>Its area (none for a box of no size).</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);
    /// <summary>Its right edge.</summary>
    public float Right => X + Width;
    /// <summary>Its bottom edge.</summary>
    public float Bottom => Y + Height;

    /// <summary>How much two boxes overlap, 0 to 1: how the tracker tells the same face in the next frame.</summary>
    public float IntersectionOverUnion(BoxF other)
    {
        float ix = Math.Max(0, Math.Min(Right, other.Right) - Math.Max(X, other.X));
        float iy = Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y));
        float inter = ix * iy;
        float union = Area + other.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }
}

/// <summary>
/// The detector's 5 landmarks in the subject's terms: right eye, left eye, nose tip, right and left mouth
/// corners (for a frontal face the right eye is on the image's left). The same order as the alignment template.
/// </summary>
public readonly record struct FaceLandmarks(PointF RightEye, PointF LeftEye, PointF Nose, PointF RightMouth, PointF LeftMouth)
{
    /// <summary>The i-th landmark, in the order above (0 to 4).</summary>
    public PointF this[int i] => i switch
    {
        0 => RightEye, 1 => LeftEye, 2 => Nose, 3 => RightMouth, 4 => LeftMouth,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };
}

/// <summary>A face the detector found: its box, 5 landmarks and score in [0, 1], in frame pixels.</summary>
public readonly record struct DetectedFace(BoxF Box, FaceLandmarks Landmarks, float Score);
