using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LfrAudit.Vision.Detection;

/// <summary>
/// The detector's input for one canvas size: an 8-bit BGR canvas and the pinned NCHW float tensor ONNX Runtime
/// reads, with three float Mats laid over the tensor's planes so that splitting the canvas writes NCHW directly.
/// </summary>
internal sealed class DetectorCanvas : IDisposable
{
    private readonly Mat _bgr;
    private readonly Mat[] _planes;
    private readonly Mat[] _channels;

    public int Width { get; }
    public int Height { get; }
    public OrtValue Tensor { get; }

    public DetectorCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        int plane = width * height;
        var input = GC.AllocateArray<float>(3 * plane, pinned: true);
        Tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
        _bgr = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0));
        var basePtr = Marshal.UnsafeAddrOfPinnedArrayElement(input, 0);
        _planes = Enumerable.Range(0, 3)
            .Select(c => Mat.FromPixelData(height, width, MatType.CV_32FC1, basePtr + c * plane * sizeof(float)))
            .ToArray();
        _channels = Enumerable.Range(0, 3).Select(_ => new Mat(height, width, MatType.CV_8UC1)).ToArray();
    }

    /// <summary>The image scaled to w×h at the top left, zeros elsewhere, written into the tensor.</summary>
    public void Fill(Mat image, int w, int h)
    {
        _bgr.SetTo(Scalar.All(0));
        using (var roi = new Mat(_bgr, new Rect(0, 0, w, h)))
        {
            if (w == image.Width && h == image.Height) image.CopyTo(roi);
            else Cv2.Resize(image, roi, new Size(w, h), 0, 0, InterpolationFlags.Area);
        }
        for (int c = 0; c < 3; c++)
        {
            Cv2.ExtractChannel(_bgr, _channels[c], c);
            _channels[c].ConvertTo(_planes[c], MatType.CV_32FC1);
        }
    }

    public void Dispose()
    {
        foreach (var m in _planes.Concat(_channels)) m.Dispose();
        _bgr.SetTo(Scalar.All(0));
        _bgr.Dispose();
        Tensor.Dispose();
    }
}
