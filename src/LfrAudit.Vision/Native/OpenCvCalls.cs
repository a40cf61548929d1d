using OpenCvSharp;
using OpenCvSharp.Internal;

namespace LfrAudit.Vision.Native;

/// <summary>
/// The few OpenCV calls made for every frame, made without OpenCvSharp's managed wrappers: its
/// <c>Cv2.Resize(Mat, Mat)</c> turns each Mat into an InputArray or OutputArray object with a finaliser, garbage
/// every frame. Here the native array views are made and freed around the call on the native heap, so a call
/// allocates nothing the garbage collector sees. Errors are raised as OpenCvSharp raises them.
/// </summary>
internal static class OpenCvCalls
{
    public static void Resize(Mat source, Mat destination, Size size, InterpolationFlags interpolation)
    {
        var (input, output) = Views(source, destination);
        try { NativeMethods.HandleException(NativeMethods.imgproc_resize(input, output, size, 0, 0, (int)interpolation)); }
        finally { Free(input, output); }
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    public static void CvtColor(Mat source, Mat destination, ColorConversionCodes code)
    {
        var (input, output) = Views(source, destination);
        try { NativeMethods.HandleException(NativeMethods.imgproc_cvtColor(input, output, (int)code, 0)); }
        finally { Free(input, output); }
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    /// <summary>Warps <paramref name="source"/> by the 2×3 <paramref name="matrix"/> into <paramref name="destination"/>'s size, zero border.</summary>
    public static void WarpAffine(Mat source, Mat destination, Mat matrix, InterpolationFlags interpolation)
    {
        var (input, output) = Views(source, destination);
        IntPtr m = IntPtr.Zero;
        try
        {
            NativeMethods.HandleException(NativeMethods.core_InputArray_new_byMat(matrix.CvPtr, out m));
            NativeMethods.HandleException(NativeMethods.imgproc_warpAffine(input, output, m, new Size(destination.Width, destination.Height),
                (int)interpolation, (int)BorderTypes.Constant, Scalar.All(0)));
        }
        finally
        {
            if (m != IntPtr.Zero) NativeMethods.HandleException(NativeMethods.core_InputArray_delete(m));
            Free(input, output);
        }
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
        GC.KeepAlive(matrix);
    }

    /// <summary>Zeroes every pixel (a continuous Mat as one span; otherwise OpenCV's SetTo).</summary>
    public static unsafe void Wipe(Mat mat)
    {
        if (mat.IsDisposed || mat.Empty()) return;
        if (mat.IsContinuous())
        {
            long bytes = mat.Total() * mat.ElemSize();
            var start = (byte*)mat.Data;
            // A span holds at most 2 GB: a larger picture is wiped in parts.
            for (long done = 0; done < bytes; done += int.MaxValue)
                new Span<byte>(start + done, (int)Math.Min(int.MaxValue, bytes - done)).Clear();
            GC.KeepAlive(mat);
        }
        else mat.SetTo(Scalar.All(0));
    }

    private static (IntPtr Input, IntPtr Output) Views(Mat source, Mat destination)
    {
        NativeMethods.HandleException(NativeMethods.core_InputArray_new_byMat(source.CvPtr, out var input));
        try
        {
            NativeMethods.HandleException(NativeMethods.core_OutputArray_new_byMat(destination.CvPtr, out var output));
            return (input, output);
        }
        catch
        {
            NativeMethods.HandleException(NativeMethods.core_InputArray_delete(input));
            throw;
        }
    }

    private static void Free(IntPtr input, IntPtr output)
    {
        NativeMethods.HandleException(NativeMethods.core_OutputArray_delete(output));
        NativeMethods.HandleException(NativeMethods.core_InputArray_delete(input));
    }
}
