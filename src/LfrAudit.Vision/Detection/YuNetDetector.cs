using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Catalogue.Graphs;
using Microsoft.ML.OnnxRuntime;

namespace LfrAudit.Vision.Detection;

/// <summary>
/// How the detector works: its score and overlap thresholds, and the long side a frame is scaled to before it is
/// searched (null: the model's own size, 640, and never up). A larger size finds smaller faces at a cost in
/// proportion to the pixels: 1920 searches a 1080p frame at full resolution, where faces down to about 12 px high
/// are found instead of about 30 (YuNet's floor is about 10 px on its canvas, a third of a 1080p frame's pixels).
/// </summary>
public sealed record DetectorSettings(float ScoreThreshold = 0.6f, float NmsIou = 0.3f, int MaxCandidates = 5000, int? LongSide = null)
{
    /// <summary>The smallest detection size accepted, in pixels on the long side.</summary>
    public const int SmallestLongSide = 160;
    /// <summary>The largest detection size accepted: a 4K frame's long side at its own resolution.</summary>
    public const int LargestLongSide = 4096;

    /// <summary>The detection size a user typed: a whole number of pixels, 160 to 4096.</summary>
    public static int ParseLongSide(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n is >= SmallestLongSide and <= LargestLongSide
            ? n
            : throw new InvalidValueException(InputField.DetectionSize, text, $"give the long side in pixels, {SmallestLongSide} to {LargestLongSide} (1920 searches a 1080p frame at full resolution)");
}

/// <summary>
/// The YuNet face detector on ONNX Runtime, fed raw 0–255 BGR values. A frame is scaled to fit the model's
/// declared 640×640 (never up) and placed top-left on a zero canvas; decoded boxes and landmarks are scaled back.
/// The graph's input size is freed before loading (<see cref="FreeInputSize"/>), so the canvas of a frame scaled
/// down is only as large as the scaled frame rounded up to the coarsest stride (640×384 for 16:9), as OpenCV's
/// FaceDetectorYN pads.
/// Decoding follows FaceDetectorYN: per stride 8/16/32, one anchor per grid cell, score = sqrt(cls·obj).
/// Not thread-safe: one instance per pipeline stage.
/// </summary>
internal sealed class YuNetDetector : IFaceDetector, IDisposable
{
    private static readonly int[] Strides = [8, 16, 32];
    private const int CoarsestStride = 32;

    private readonly InferenceSession _session;
    private readonly DetectorSettings _settings;
    private readonly int _width, _height;
    private readonly bool _freeSize;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    // Anchors above the score threshold, as values: only the faces NMS keeps become objects.
    private readonly List<Candidate> _candidates = [];
    private DetectorCanvas? _canvas;

    public YuNetDetector(ModelSpec spec, string modelPath, InferenceSettings inference, DetectorSettings? settings = null)
    {
        _settings = settings ?? new DetectorSettings();
        _session = inference.Open(modelPath, spec, out _, FreeInputSize.Apply);
        _width = spec.Input.Width;
        _height = spec.Input.Height;
        _inputNames = [spec.Input.Name ?? _session.InputMetadata.Keys.First()];
        _outputNames = Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" }).ToArray();
        var missing = _outputNames.Where(n => !_session.OutputMetadata.ContainsKey(n)).ToList();
        if (missing.Count > 0 || !_session.InputMetadata.TryGetValue(_inputNames[0], out var input))
        {
            _session.Dispose();
            throw new ModelFileException($"{modelPath}: not a YuNet detector (outputs {string.Join(", ", missing)} missing)");
        }
        _freeSize = input.Dimensions is [_, _, < 0, < 0];
    }

    /// <summary>The canvas the last frame was fed on (width, height).</summary>
    public (int Width, int Height) CanvasSize => _canvas is { } c ? (c.Width, c.Height) : (_width, _height);

    public IReadOnlyList<DetectedFace> Detect(IFrame frame)
    {
        var faces = new List<DetectedFace>();
        Detect(frame, faces);
        return faces;
    }

    public void Detect(IFrame frame, List<DetectedFace> faces)
    {
        var image = MatFrame.Pixels(frame);
        var (scale, w, h) = Scaled(image.Width, image.Height);
        var canvas = CanvasFor(w, h, scale != 1f);
        canvas.Fill(image, w, h);
        _session.RunWithBinding(_runOptions, canvas.Binding);
        _candidates.Clear();
        for (int i = 0; i < Strides.Length; i++)
            Decode(Strides[i], canvas.Width / Strides[i], canvas.Output(4 * i), canvas.Output(4 * i + 1), canvas.Output(4 * i + 2), canvas.Output(4 * i + 3), scale);
        NonMaximumSuppression(_candidates, _settings.NmsIou, _settings.MaxCandidates, faces);
    }

    // The model's own size, never up; or the long side asked for (up or down) where the graph's size is free.
    private (float Scale, int W, int H) Scaled(int width, int height)
    {
        if (_freeSize && _settings.LongSide is { } longSide)
        {
            float s = longSide / (float)Math.Max(width, height);
            return (s, Math.Clamp((int)Math.Round(width * s), 1, longSide), Math.Clamp((int)Math.Round(height * s), 1, longSide));
        }
        float scale = Math.Min(1f, Math.Min(_width / (float)width, _height / (float)height));
        return (scale, Math.Clamp((int)Math.Round(width * scale), 1, _width), Math.Clamp((int)Math.Round(height * scale), 1, _height));
    }

    // A run's frames share one size, so the canvas is made once and kept. Only a frame that is scaled (a video
    // frame, where speed counts) gets the tight canvas: an image that fits as it is (a photo, an LFW portrait) keeps
    // the full square, whose zero margin the landmarks of a face near the image's edge were measured with (LFW
    // open-set TPIR 90.7 %; a tight 256×256 canvas gave 88.7 %).
    private DetectorCanvas CanvasFor(int w, int h, bool scaled)
    {
        bool tight = _freeSize && (scaled || w > _width || h > _height);
        int width = tight ? RoundUp(w) : _width, height = tight ? RoundUp(h) : _height;
        if (_canvas is { } c && c.Width == width && c.Height == height) return c;
        _canvas?.Dispose();
        return _canvas = new DetectorCanvas(_session, _inputNames[0], _outputNames, width, height, Strides);
    }

    private static int RoundUp(int n) => (n + CoarsestStride - 1) / CoarsestStride * CoarsestStride;

    private void Decode(int stride, int cols, ReadOnlySpan<float> cls, ReadOnlySpan<float> obj, ReadOnlySpan<float> bbox, ReadOnlySpan<float> kps, float scale)
    {
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
            _candidates.Add(new Candidate(
                new BoxF((cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale),
                new FaceLandmarks(Landmark(k, 0, col, row, stride, scale), Landmark(k, 1, col, row, stride, scale),
                    Landmark(k, 2, col, row, stride, scale), Landmark(k, 3, col, row, stride, scale), Landmark(k, 4, col, row, stride, scale)),
                score));
        }
    }

    private static PointF Landmark(ReadOnlySpan<float> k, int n, int col, int row, int stride, float scale) =>
        new((k[2 * n] + col) * stride / scale, (k[2 * n + 1] + row) * stride / scale);

    /// <summary>A decoded anchor: a face box, its landmarks and score.</summary>
    internal readonly record struct Candidate(BoxF Box, FaceLandmarks Landmarks, float Score);

    /// <summary>Keeps the best of each group of overlapping candidates, best first, in <paramref name="kept"/> (cleared first).</summary>
    internal static void NonMaximumSuppression(List<Candidate> candidates, float iou, int maxCandidates, List<DetectedFace> kept)
    {
        candidates.Sort(BestFirst);
        if (candidates.Count > maxCandidates) candidates.RemoveRange(maxCandidates, candidates.Count - maxCandidates);
        kept.Clear();
        foreach (var c in candidates)
        {
            bool suppressed = false;
            foreach (var k in kept)
                if (k.Box.IntersectionOverUnion(c.Box) > iou) { suppressed = true; break; }
            if (!suppressed) kept.Add(new DetectedFace(c.Box, c.Landmarks, c.Score));
        }
    }

    private static readonly Comparison<Candidate> BestFirst = static (a, b) => b.Score.CompareTo(a.Score);

    public void Dispose()
    {
        _canvas?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
