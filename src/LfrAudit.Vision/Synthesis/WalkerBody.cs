using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// A walker's body below the head, in proportion to the face: about eight and a half face-heights from the top of the
/// head to the feet (a person of 1.75 m whose face, brow to chin, is about 0.2 m), shoulders about two face-heights
/// wide, a neck and hands in the face's own skin tone, arms and legs swinging with the stride, and a soft shadow on the
/// ground at the feet. Everything is lit as the head is (the walker's own light and the scene's light where they stand).
/// </summary>
internal static class WalkerBody
{
    private static readonly Scalar[] Clothing =
    [
        new(40, 40, 40), new(120, 60, 30), new(30, 30, 140), new(90, 110, 70), new(160, 160, 160),
        new(40, 90, 160), new(110, 50, 100), new(200, 200, 205), new(60, 60, 90), new(20, 70, 40),
    ];

    /// <summary>The palette's colour for a walker's clothing shade (any integer).</summary>
    public static Scalar ClothingColour(int shade) => Clothing[Math.Abs(shade % Clothing.Length)];

    /// <summary>Where the feet are below the face's centre, in face heights.</summary>
    public const double FeetBelowFace = 7.3;

    // The torso's outline around the face's centre, in face heights: neck base, sloping shoulders, waist, hips.
    private static readonly (double X, double Y)[] Torso =
        [(-0.3, 0.7), (0.3, 0.7), (0.95, 0.95), (0.85, 2.2), (0.72, 3.5), (-0.72, 3.5), (-0.85, 2.2), (-0.95, 0.95)];

    /// <summary>
    /// Draws the body of <paramref name="w"/> whose face is centred at (<paramref name="cx"/>, <paramref name="cy"/>) and
    /// <paramref name="fh"/> high, at <paramref name="frame"/> of a clip at <paramref name="fps"/>; <paramref name="light"/> is
    /// the brightness it is lit with.
    /// </summary>
    public static void Draw(Mat image, CrowdWalker w, Scalar skin, float cx, float cy, float fh, int frame, double fps, double light)
    {
        var clothes = Lit(ClothingColour(w.ClothingShade), light);
        var sleeves = Lit(ClothingColour(w.ClothingShade), 0.85 * light);
        var trousers = Lit(ClothingColour(Math.Abs(w.ClothingShade) / 10 + 4), 0.6 * light);
        var shoes = Lit(new Scalar(25, 25, 30), light);
        var skinLit = Lit(skin, light);
        // A stride a little over a second long, each walker in their own phase.
        double phase = 2 * Math.PI * (frame - w.EnterFrame) / (1.1 * fps) + Math.Abs(w.ClothingShade) * 0.7;
        double swing = Math.Sin(phase);
        Point At(double x, double y) => new((int)Math.Round(cx + x * fh), (int)Math.Round(cy + y * fh));
        int Thick(double t) => Math.Max(1, (int)Math.Round(t * fh));

        Shadow(image, At(0, FeetBelowFace + 0.05), new Size(Math.Max(2, 1.3 * fh), Math.Max(1, 0.28 * fh)));
        foreach (var side in new[] { -1, 1 })
        {
            var foot = At(side * 0.42, FeetBelowFace - 0.15 + side * 0.2 * swing);
            Cv2.Line(image, At(side * 0.38, 3.4), foot, trousers, Thick(0.5), LineTypes.AntiAlias);
            Cv2.Ellipse(image, foot with { Y = foot.Y + Thick(0.08) }, new Size(Thick(0.26), Thick(0.12)), 0, 0, 360, shoes, -1, LineTypes.AntiAlias);
        }
        Cv2.Rectangle(image, new Rect(At(-0.2, 0.35), new Size(Thick(0.4), Thick(0.5))), skinLit, -1);
        Cv2.FillPoly(image, [Torso.Select(p => At(p.X, p.Y)).ToArray()], clothes, LineTypes.AntiAlias);
        foreach (var side in new[] { -1, 1 })
        {
            // Arms swing against the legs: the hand on the side of the leading foot comes back.
            var hand = At(side * 1.05, 3.45 - side * 0.18 * swing);
            Cv2.Line(image, At(side * 0.93, 1.1), hand, sleeves, Thick(0.34), LineTypes.AntiAlias);
            Cv2.Circle(image, hand with { Y = hand.Y + Thick(0.12) }, Thick(0.15), skinLit, -1, LineTypes.AntiAlias);
        }
    }

    // A soft shadow on the ground: the scene darkened under an ellipse with blurred edges.
    private static void Shadow(Mat image, Point centre, Size axes)
    {
        var area = new Rect(centre.X - axes.Width * 2, centre.Y - axes.Height * 3, axes.Width * 4, axes.Height * 6)
            .Intersect(new Rect(0, 0, image.Width, image.Height));
        if (area.Width < 2 || area.Height < 2) return;
        using var mask = new Mat(area.Size, MatType.CV_32FC1, Scalar.All(0));
        Cv2.Ellipse(mask, new Point(centre.X - area.X, centre.Y - area.Y), axes, 0, 0, 360, Scalar.All(0.45), -1, LineTypes.AntiAlias);
        int k = Math.Max(3, (axes.Height | 1));
        Cv2.GaussianBlur(mask, mask, new Size(k * 2 + 1, k * 2 + 1), 0);
        using var roi = new Mat(image, area);
        using var dark = new Mat();
        roi.ConvertTo(dark, -1, 0);
        using var rest = new Mat();
        Cv2.Subtract(Scalar.All(1), mask, rest);
        Cv2.BlendLinear(dark, roi, mask, rest, roi);
    }

    /// <summary>A colour under a light (1: as it is).</summary>
    internal static Scalar Lit(Scalar colour, double light) => new(colour.Val0 * light, colour.Val1 * light, colour.Val2 * light);
}
