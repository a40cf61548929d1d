using System.Runtime.InteropServices;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Native;
using OpenCvSharp;

namespace LfrAudit.Vision.Alignment;

/// <summary>
/// Warps a face to the 112×112 InsightFace/ArcFace template the embedders were trained on, from the
/// detector's 5 landmarks (same order as the template's rows). Bilinear, zero border. An instance keeps its
/// transform matrix from face to face, so aligning allocates nothing; not thread-safe: one per embedder.
/// </summary>
internal sealed class FaceAligner : IDisposable
{
    /// <summary>The template for a 112×112 crop: right eye, left eye, nose, right and left mouth corners.</summary>
    public static readonly PointF[] Template112 =
    [
        new(38.2946f, 51.6963f),
        new(73.5318f, 51.5014f),
        new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f),
        new(70.7299f, 92.2041f),
    ];

    private readonly double[] _transform = GC.AllocateArray<double>(6, pinned: true);
    private readonly Mat _matrix;

    public FaceAligner() => _matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, Marshal.UnsafeAddrOfPinnedArrayElement(_transform, 0));

    /// <summary>Aligns one face with a throwaway aligner (for a single crop; a loop keeps one instance).</summary>
    public static void AlignInto(Mat frame, FaceLandmarks landmarks, Mat destination)
    {
        using var aligner = new FaceAligner();
        aligner.Align(frame, landmarks, destination);
    }

    public void Align(Mat frame, FaceLandmarks landmarks, Mat destination)
    {
        Span<PointF> source = [landmarks[0], landmarks[1], landmarks[2], landmarks[3], landmarks[4]];
        Span<PointF> target = stackalloc PointF[5];
        float sx = destination.Width / 112f, sy = destination.Height / 112f;
        for (int i = 0; i < 5; i++) target[i] = new PointF(Template112[i].X * sx, Template112[i].Y * sy);
        SimilarityTransform.Estimate(source, target, _transform);
        OpenCvCalls.WarpAffine(frame, destination, _matrix, InterpolationFlags.Linear);
    }

    public void Dispose() => _matrix.Dispose();
}
