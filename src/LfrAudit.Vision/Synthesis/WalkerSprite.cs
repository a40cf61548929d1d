using LfrAudit.Core.Problems;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// A walker's head cut from their photo: the face with hair, ears and chin, its photo's background cut away, with
/// the face's centre and size in the cut-out's pixels and a skin tone for the neck below it.
/// </summary>
internal sealed class WalkerSprite : IDisposable
{
    public Mat Pixels { get; }
    public Mat Alpha { get; }
    public Point2f FaceCentre { get; }
    public float FaceWidth { get; }
    public float FaceHeight { get; }
    public Scalar Skin { get; }

    public WalkerSprite(string imagePath, PhotoFace face)
    {
        using var photo = ImageFileReader.ReadBgr(imagePath);
        float cx = face.X + face.Width / 2, cy = face.Y + face.Height * 0.45f;
        var region = new Rect((int)(cx - face.Width * 0.8f), (int)(cy - face.Height * 0.95f), (int)(face.Width * 1.6f), (int)(face.Height * 1.8f))
            .Intersect(new Rect(0, 0, photo.Width, photo.Height));
        if (region.Width < 4 || region.Height < 4) throw new LfrInputException($"{imagePath}: the face found is too small to cut out");
        Pixels = new Mat(photo, region).Clone();
        FaceCentre = new Point2f(face.X + face.Width / 2 - region.X, face.Y + face.Height / 2 - region.Y);
        FaceWidth = face.Width;
        FaceHeight = face.Height;

        Alpha = HeadMask(Pixels, new Point2f(cx - region.X, cy - region.Y), FaceCentre, face.Width, face.Height);

        var faceRect = new Rect((int)(FaceCentre.X - face.Width / 4), (int)(FaceCentre.Y - face.Height / 4), (int)(face.Width / 2), (int)(face.Height / 2))
            .Intersect(new Rect(0, 0, Pixels.Width, Pixels.Height));
        using var skin = new Mat(Pixels, faceRect);
        Skin = Cv2.Mean(skin);
    }

    /// <summary>
    /// The head cut from its photo: GrabCut (Rother et al. 2004) separates head and hair from the photo's background,
    /// seeded with the inner face as certainly the person, an oval about head and hair as probably the person and the
    /// rest as probably background; kept within that oval and feathered, so no rectangle of the photo shows and the
    /// hair fades into the scene. Where the cut keeps too little of the face (a photo whose background looks like
    /// skin), the feathered oval is used instead.
    /// </summary>
    private static Mat HeadMask(Mat pixels, Point2f headCentre, Point2f faceCentre, float faceWidth, float faceHeight)
    {
        var oval = new Mat(pixels.Rows, pixels.Cols, MatType.CV_8UC1, Scalar.All(0));
        // The oval stays inside the photo: a tight crop (the face filling the picture, as FairFace's do) would otherwise cut
        // the oval off along the photo's edges and paste a square head.
        int margin = Math.Max(2, (int)(faceHeight * 0.06f));
        int fitX = (int)Math.Min(headCentre.X, pixels.Cols - 1 - headCentre.X) - margin, fitY = (int)Math.Min(headCentre.Y, pixels.Rows - 1 - headCentre.Y) - margin;
        var headAxes = new Size(Math.Max(2, Math.Min((int)(faceWidth * 0.72f), fitX)), Math.Max(2, Math.Min((int)(faceHeight * 0.85f), fitY)));
        Cv2.Ellipse(oval, new Point((int)headCentre.X, (int)headCentre.Y), headAxes, 0, 0, 360, Scalar.All(255), -1);
        var inner = new Size((int)(faceWidth * 0.32f), (int)(faceHeight * 0.40f));
        using var keep = new Mat();
        try
        {
            // GrabCut's cost grows with the pixels: it runs on the head at about 64 px of face (a quarter of an LFW
            // photo's), and its cut is scaled back up; the feathering below hides the coarser edge.
            double k0 = Math.Min(1, 64.0 / faceHeight);
            using var small = new Mat();
            Cv2.Resize(pixels, small, new Size(Math.Max(8, (int)Math.Round(pixels.Cols * k0)), Math.Max(8, (int)Math.Round(pixels.Rows * k0))), 0, 0, InterpolationFlags.Area);
            double sx = small.Cols / (double)pixels.Cols, sy = small.Rows / (double)pixels.Rows;
            using var seeds = new Mat(small.Rows, small.Cols, MatType.CV_8UC1, Scalar.All((int)GrabCutClasses.PR_BGD));
            Cv2.Ellipse(seeds, new Point((int)(headCentre.X * sx), (int)(headCentre.Y * sy)), new Size((int)(headAxes.Width * sx), (int)(headAxes.Height * sy)),
                0, 0, 360, Scalar.All((int)GrabCutClasses.PR_FGD), -1);
            Cv2.Ellipse(seeds, new Point((int)(faceCentre.X * sx), (int)(faceCentre.Y * sy)), new Size(Math.Max(1, (int)(inner.Width * sx)), Math.Max(1, (int)(inner.Height * sy))),
                0, 0, 360, Scalar.All((int)GrabCutClasses.FGD), -1);
            using var background = new Mat();
            using var foreground = new Mat();
            Cv2.GrabCut(small, seeds, new Rect(0, 0, small.Cols, small.Rows), background, foreground, 3, GrabCutModes.InitWithMask);
            // FGD (1) and PR_FGD (3) are the person: the odd labels.
            using var person = new Mat();
            Cv2.BitwiseAnd(seeds, Scalar.All(1), person);
            person.ConvertTo(person, MatType.CV_8UC1, 255);
            Cv2.Resize(person, keep, pixels.Size(), 0, 0, InterpolationFlags.Linear);
            Cv2.Threshold(keep, keep, 127, 255, ThresholdTypes.Binary);
            Cv2.BitwiseAnd(keep, oval, keep);
        }
        catch (OpenCVException) { oval.CopyTo(keep); } // a photo GrabCut cannot model (one flat colour): the oval
        using var faceArea = new Mat(pixels.Rows, pixels.Cols, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(faceArea, new Point((int)faceCentre.X, (int)faceCentre.Y), inner, 0, 0, 360, Scalar.All(255), -1);
        using var kept = new Mat();
        Cv2.BitwiseAnd(keep, faceArea, kept);
        var cut = Cv2.CountNonZero(kept) >= 0.9 * Cv2.CountNonZero(faceArea) && Cv2.CountNonZero(keep) >= 0.5 * Cv2.CountNonZero(oval) ? keep : oval;
        var alpha = new Mat();
        cut.ConvertTo(alpha, MatType.CV_32FC1, 1 / 255.0);
        oval.Dispose();
        int k = Math.Max(3, ((int)(faceHeight * 0.12f)) | 1);
        Cv2.GaussianBlur(alpha, alpha, new Size(k, k), 0);
        return alpha;
    }

    public void Dispose()
    {
        Pixels.Dispose();
        Alpha.Dispose();
    }
}
