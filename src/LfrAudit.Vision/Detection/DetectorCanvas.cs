using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LfrAudit.Vision.Detection;

/// <summary>
/// The detector's buffers for one canvas size, made once and reused frame after frame: an 8-bit BGR canvas the frame
/// is scaled into, the pinned NCHW float tensor ONNX Runtime reads, and the pinned output tensors it writes (four a
/// stride: cls, obj, bbox, kps), so that a frame's detection makes no new tensors.
/// </summary>
internal sealed class DetectorCanvas : IDisposable
{
    private static readonly int[] Widths = [1, 1, 4, 10]; // cls, obj, bbox, kps values per anchor

    private readonly Mat _bgr;
    private readonly float[] _input;
    private readonly float[][] _outputs;
    private Mat? _scaledArea;
    private (int W, int H) _filled;

    public int Width { get; }
    public int Height { get; }
    public OrtValue[] Inputs { get; }
    public OrtValue[] Outputs { get; }

    /// <summary>The input and outputs bound to the session once: a run then converts no names and makes no values.</summary>
    public OrtIoBinding Binding { get; }

    public DetectorCanvas(InferenceSession session, string inputName, IReadOnlyList<string> outputNames, int width, int height, IReadOnlyList<int> strides)
    {
        Width = width;
        Height = height;
        _input = GC.AllocateArray<float>(3 * width * height, pinned: true);
        Inputs = [OrtValue.CreateTensorValueFromMemory(_input, [1, 3, height, width])];
        _bgr = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0));
        var outputs = new List<float[]>();
        var values = new List<OrtValue>();
        foreach (int s in strides)
        {
            long anchors = (long)(width / s) * (height / s);
            foreach (int w in Widths)
            {
                var data = GC.AllocateArray<float>((int)(anchors * w), pinned: true);
                outputs.Add(data);
                values.Add(OrtValue.CreateTensorValueFromMemory(data, [1, anchors, w]));
            }
        }
        _outputs = outputs.ToArray();
        Outputs = values.ToArray();
        Binding = session.CreateIoBinding();
        Binding.BindInput(inputName, Inputs[0]);
        for (int i = 0; i < Outputs.Length; i++) Binding.BindOutput(outputNames[i], Outputs[i]);
    }

    /// <summary>Output <paramref name="i"/> (in the order cls, obj, bbox, kps for each stride) as ONNX Runtime wrote it.</summary>
    public ReadOnlySpan<float> Output(int i) => _outputs[i];

    /// <summary>The image scaled to w×h at the top left, zeros elsewhere, written into the input tensor.</summary>
    public unsafe void Fill(Mat image, int w, int h)
    {
        // A different scaled size leaves old pixels in the margin: cleared only then (a run's frames share one size).
        if (_filled != (w, h))
        {
            _bgr.SetTo(Scalar.All(0));
            Array.Clear(_input);
            _scaledArea?.Dispose();
            _scaledArea = new Mat(_bgr, new Rect(0, 0, w, h));
            _filled = (w, h);
        }
        Mat source;
        if (w == image.Width && h == image.Height && image.Type() == MatType.CV_8UC3) source = image;
        else
        {
            Native.OpenCvCalls.Resize(image, _scaledArea!, new Size(w, h), InterpolationFlags.Area);
            source = _bgr;
        }
        // Interleaved BGR bytes → three float planes (raw 0–255: YuNet normalises nothing), over the scaled area only.
        var pixels = (byte*)source.Data;
        long step = source.Step();
        int plane = Width * Height;
        fixed (float* tensor = _input)
        {
            for (int y = 0; y < h; y++)
            {
                var row = pixels + y * step;
                float* b = tensor + y * Width, g = b + plane, r = g + plane;
                for (int x = 0; x < w; x++)
                {
                    b[x] = row[3 * x];
                    g[x] = row[3 * x + 1];
                    r[x] = row[3 * x + 2];
                }
            }
        }
    }

    public void Dispose()
    {
        _scaledArea?.Dispose();
        _bgr.SetTo(Scalar.All(0));
        _bgr.Dispose();
        Array.Clear(_input); // a frame's pixels
        Binding.Dispose();
        foreach (var v in Inputs.Concat(Outputs)) v.Dispose();
    }
}
