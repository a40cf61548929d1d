using System.Runtime.InteropServices;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Models;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LfrAudit.Vision.Detection;

public sealed record DetectorSettings(float ScoreThreshold = 0.6f, float NmsIou = 0.3f, int MaxCandidates = 5000);

/// <summary>
/// The YuNet face detector on ONNX Runtime. The graph's input is a fixed 640×640 BGR canvas of raw 0–255
/// values, so a frame is scaled to fit (never up) and placed top-left on a zero canvas; decoded boxes and
/// landmarks are scaled back. Decoding follows OpenCV's FaceDetectorYN: per stride 8/16/32, one anchor per
/// grid cell, score = sqrt(cls·obj). Not thread-safe: one instance per pipeline stage.
/// </summary>
public sealed class YuNetDetector : IFaceDetector, IDisposable
{
    private static readonly int[] Strides = [8, 16, 32];

    private readonly InferenceSession _session;
    private readonly DetectorSettings _settings;
    private readonly int _width, _height;
    private readonly float[] _input;
    private readonly Mat _canvas;
    private readonly Mat[] _planes;
    private readonly OrtValue _inputValue;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly List<DetectedFace> _candidates = [];

    public YuNetDetector(ModelSpec spec, string modelPath, InferenceSettings inference, DetectorSettings? settings = null)
    {
        _settings = settings ?? new DetectorSettings();
        _session = inference.Open(modelPath, spec);
        _width = spec.Input.Width;
        _height = spec.Input.Height;
        _inputNames = [spec.Input.Name ?? _session.InputMetadata.Keys.First()];
        _outputNames = Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" }).ToArray();
        var missing = _outputNames.Where(n => !_session.OutputMetadata.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            _session.Dispose();
            throw new ModelFileException($"{modelPath}: not a YuNet detector (outputs {string.Join(", ", missing)} missing)");
        }

        int plane = _width * _height;
        _input = GC.AllocateArray<float>(3 * plane, pinned: true);
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, 3, _height, _width]);
        _canvas = new Mat(_height, _width, MatType.CV_8UC3, Scalar.All(0));
        // Three float Mats laid over the pinned tensor: splitting the canvas into them writes NCHW directly.
        var basePtr = Marshal.UnsafeAddrOfPinnedArrayElement(_input, 0);
        _planes = Enumerable.Range(0, 3)
            .Select(c => Mat.FromPixelData(_height, _width, MatType.CV_32FC1, basePtr + c * plane * sizeof(float)))
            .ToArray();
    }

    public IReadOnlyList<DetectedFace> Detect(IFrame frame)
    {
        var image = MatFrame.Pixels(frame);
        float scale = Math.Min(1f, Math.Min(_width / (float)image.Width, _height / (float)image.Height));
        Preprocess(image, scale);
        using var outputs = _session.Run(_runOptions, _inputNames, [_inputValue], _outputNames);
        _candidates.Clear();
        for (int i = 0; i < Strides.Length; i++)
            Decode(Strides[i], outputs[4 * i], outputs[4 * i + 1], outputs[4 * i + 2], outputs[4 * i + 3], scale);
        return NonMaximumSuppression(_candidates, _settings.NmsIou, _settings.MaxCandidates);
    }

    private void Preprocess(Mat image, float scale)
    {
        _canvas.SetTo(Scalar.All(0));
        int w = Math.Clamp((int)Math.Round(image.Width * scale), 1, _width);
        int h = Math.Clamp((int)Math.Round(image.Height * scale), 1, _height);
        using (var roi = new Mat(_canvas, new Rect(0, 0, w, h)))
        {
            if (w == image.Width && h == image.Height) image.CopyTo(roi);
            else Cv2.Resize(image, roi, new Size(w, h), 0, 0, InterpolationFlags.Area);
        }
        Cv2.Split(_canvas, out var channels);
        try
        {
            for (int c = 0; c < 3; c++) channels[c].ConvertTo(_planes[c], MatType.CV_32FC1);
        }
        finally
        {
            foreach (var ch in channels) ch.Dispose();
        }
    }

    private void Decode(int stride, OrtValue clsValue, OrtValue objValue, OrtValue bboxValue, OrtValue kpsValue, float scale)
    {
        var cls = clsValue.GetTensorDataAsSpan<float>();
        var obj = objValue.GetTensorDataAsSpan<float>();
        var bbox = bboxValue.GetTensorDataAsSpan<float>();
        var kps = kpsValue.GetTensorDataAsSpan<float>();
        int cols = _width / stride;
        float threshold = _settings.ScoreThreshold;
        for (int i = 0; i < cls.Length; i++)
        {
            float score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
            if (score < threshold) continue;
            int row = i / cols, col = i % cols;
            var b = bbox.Slice(i * 4, 4);
            float cx = (col + b[0]) * stride, cy = (row + b[1]) * stride;
            float w = MathF.Exp(b[2]) * stride, h = MathF.Exp(b[3]) * stride;
            var k = kps.Slice(i * 10, 10);
            _candidates.Add(new DetectedFace(
                new BoxF((cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale),
                new FaceLandmarks(Landmark(k, 0, col, row, stride, scale), Landmark(k, 1, col, row, stride, scale),
                    Landmark(k, 2, col, row, stride, scale), Landmark(k, 3, col, row, stride, scale), Landmark(k, 4, col, row, stride, scale)),
                score));
        }
    }

    private static PointF Landmark(ReadOnlySpan<float> k, int n, int col, int row, int stride, float scale) =>
        new((k[2 * n] + col) * stride / scale, (k[2 * n + 1] + row) * stride / scale);

    internal static List<DetectedFace> NonMaximumSuppression(List<DetectedFace> candidates, float iou, int maxCandidates)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (candidates.Count > maxCandidates) candidates.RemoveRange(maxCandidates, candidates.Count - maxCandidates);
        var kept = new List<DetectedFace>();
        foreach (var c in candidates)
        {
            bool suppressed = false;
            foreach (var k in kept)
                if (k.Box.IntersectionOverUnion(c.Box) > iou) { suppressed = true; break; }
            if (!suppressed) kept.Add(c);
        }
        return kept;
    }

    public void Dispose()
    {
        foreach (var p in _planes) p.Dispose();
        _canvas.Dispose();
        _inputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
