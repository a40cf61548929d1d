using LfrAudit.Recognition.Detection;

namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// How good one sighting of a face is for a search, in (0, 1]: size (a face of 112 pixels, the embedder's
/// input, or more scores full), the detector's confidence, how frontal it is (the nose midway between the
/// eyes) and how sharp. Only comparisons within a track matter, so the factors simply multiply.
/// </summary>
internal static class FaceQuality
{
    private const float FullSize = 112f, SharpnessHalf = 100f;

    /// <param name="sharpness">Variance of the Laplacian over the face; null when it was not measured (sharpness then plays no part).</param>
    public static float Of(DetectedFace face, float? sharpness)
    {
        float size = Math.Clamp(Math.Min(face.Box.Width, face.Box.Height) / FullSize, 0.01f, 1f);
        float sharp = sharpness is not { } s ? 1f : float.IsFinite(s) && s > 0 ? s / (s + SharpnessHalf) : 0.01f;
        float score = Math.Clamp(float.IsFinite(face.Score) ? face.Score : 0, 0.01f, 1f);
        return size * score * Frontality(face.Landmarks) * Math.Max(sharp, 0.01f);
    }

    /// <summary>1 for a face looking at the camera, falling as the head turns (the nose moves off the eyes' midpoint).</summary>
    public static float Frontality(FaceLandmarks l)
    {
        float eyes = l.LeftEye.X - l.RightEye.X; // the subject's left eye is on the image's right
        if (!(eyes > 1)) return 0.05f;
        float turn = Math.Abs(l.Nose.X - (l.LeftEye.X + l.RightEye.X) / 2) / eyes;
        return Math.Clamp(1 - 2 * turn, 0.05f, 1f);
    }
}
