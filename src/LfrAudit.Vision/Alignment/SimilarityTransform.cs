using LfrAudit.Recognition.Detection;

namespace LfrAudit.Vision.Alignment;

/// <summary>
/// The least-squares similarity transform (rotation, uniform scale, translation; no shear or reflection)
/// taking source points onto destination points — Umeyama's estimate, which in 2-D has a closed form:
/// with centred points x (source) and y (destination), the map is [a −b; b a]·x + t where
/// a = Σ(x·y)/Σ|x|², b = Σ(x×y)/Σ|x|².
/// </summary>
internal static class SimilarityTransform
{
    /// <summary>Returns the 2×3 affine matrix [a, −b, tx; b, a, ty] in row-major order.</summary>
    public static double[] Estimate(ReadOnlySpan<PointF> source, ReadOnlySpan<PointF> destination)
    {
        var m = new double[6];
        Estimate(source, destination, m);
        return m;
    }

    /// <summary>Writes the 2×3 affine matrix into <paramref name="matrix"/> (six values, row-major).</summary>
    public static void Estimate(ReadOnlySpan<PointF> source, ReadOnlySpan<PointF> destination, Span<double> matrix)
    {
        if (matrix.Length < 6) throw new ArgumentException("the matrix needs six values", nameof(matrix));
        if (source.Length != destination.Length || source.Length < 2)
            throw new ArgumentException("need the same number (at least 2) of source and destination points");
        int n = source.Length;
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) { sx += source[i].X; sy += source[i].Y; dx += destination[i].X; dy += destination[i].Y; }
        sx /= n; sy /= n; dx /= n; dy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double x1 = source[i].X - sx, x2 = source[i].Y - sy;
            double y1 = destination[i].X - dx, y2 = destination[i].Y - dy;
            dot += x1 * y1 + x2 * y2;
            cross += x1 * y2 - x2 * y1;
            norm += x1 * x1 + x2 * x2;
        }
        if (norm < 1e-9) throw new ArgumentException("source points are all the same point");
        double a = dot / norm, b = cross / norm;
        double tx = dx - (a * sx - b * sy);
        double ty = dy - (b * sx + a * sy);
        matrix[0] = a; matrix[1] = -b; matrix[2] = tx;
        matrix[3] = b; matrix[4] = a; matrix[5] = ty;
    }
}
