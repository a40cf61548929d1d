using LfrAudit.Core.Problems;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// A walker's head cut from their photo: the face and a margin (hair, ears, chin) under a soft oval mask, with
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

        // An oval mask with a soft edge, so the head blends into the scene instead of showing the photo's frame.
        Alpha = new Mat(region.Height, region.Width, MatType.CV_32FC1, Scalar.All(0));
        var centre = new Point((int)(cx - region.X), (int)(cy - region.Y));
        Cv2.Ellipse(Alpha, centre, new Size((int)(face.Width * 0.72f), (int)(face.Height * 0.85f)), 0, 0, 360, Scalar.All(1), -1);
        int k = Math.Max(3, ((int)(face.Height * 0.15f)) | 1);
        Cv2.GaussianBlur(Alpha, Alpha, new Size(k, k), 0);

        var faceRect = new Rect((int)(FaceCentre.X - face.Width / 4), (int)(FaceCentre.Y - face.Height / 4), (int)(face.Width / 2), (int)(face.Height / 2))
            .Intersect(new Rect(0, 0, Pixels.Width, Pixels.Height));
        using var skin = new Mat(Pixels, faceRect);
        Skin = Cv2.Mean(skin);
    }

    public void Dispose()
    {
        Pixels.Dispose();
        Alpha.Dispose();
    }
}
