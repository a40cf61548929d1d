using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Alignment;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Native;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LfrAudit.Vision.Embedding;

/// <summary>
/// A face embedder on ONNX Runtime, fed as models.json says (size, channel order, mean and std), so SFace,
/// ArcFace or the MobileFaceNet stand-in differ only in data. Faces are aligned straight from the frame into
/// a pinned NCHW batch bound to the session once, as are the embeddings it writes, so a call allocates nothing;
/// the aligned crop, the batch and the embeddings' buffer are wiped after every inference call.
/// Not thread-safe: one instance per pipeline stage.
/// </summary>
internal sealed class OnnxFaceEmbedder : IFaceEmbedder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelInputSpec _input;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly int[] _outputDims;
    private readonly int _maxBatch;
    private readonly int _faceSize;
    private readonly float[] _batch;
    private readonly float[] _embeddings;
    private readonly float[] _normalised = new float[256]; // each 8-bit value as the model takes it: (v − mean) / std
    private readonly BoundCall?[] _calls; // [n − 1]: the binding for a call of n faces, made when first needed
    private readonly FaceAligner _aligner = new();
    private readonly Mat _aligned;
    private readonly RunOptions _runOptions = new();

    public string ModelId { get; }
    public int Dimension { get; }

    /// <summary>How many of the graph's nodes were rewritten for speed before loading (see PReluRewrite).</summary>
    public int RewrittenNodes { get; }

    public OnnxFaceEmbedder(ModelSpec spec, string modelPath, InferenceSettings inference)
    {
        _input = spec.Input;
        _session = inference.Open(modelPath, spec, out var rewrite);
        RewrittenNodes = rewrite.Changes;
        try
        {
            _inputName = spec.Input.Name ?? _session.InputMetadata.Keys.First();
            if (!_session.InputMetadata.TryGetValue(_inputName, out var inMeta))
                throw new ModelFileException($"{modelPath}: model '{spec.Id}' has no input '{_inputName}' (it has {string.Join(", ", _session.InputMetadata.Keys)})");
            _outputName = _session.OutputMetadata.Keys.First();
            _outputDims = _session.OutputMetadata[_outputName].Dimensions;
            int produced = _outputDims.Length >= 2 ? _outputDims[^1] : -1;
            Dimension = spec.EmbeddingSize ?? produced;
            if (produced > 0 && produced != Dimension)
                throw new ModelFileException($"{modelPath}: model '{spec.Id}' gives {produced}-d embeddings, models.json says {Dimension}");
            // A graph with a fixed batch dimension of 1 cannot take several faces per call, whatever the catalogue says.
            // On the CPU one face a call is faster (MobileFaceNet: 4.4 ms a face alone, 5.2 in a batch of 5, one
            // thread): batches are for the GPU, where a call's fixed cost is large.
            _maxBatch = inMeta.Dimensions[0] == 1 || (inference.Device == InferenceDevice.Cpu && !inference.BatchOnCpu) ? 1 : Math.Max(1, spec.MaxBatch ?? 1);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        _faceSize = spec.Input.Width * spec.Input.Height;
        _batch = GC.AllocateArray<float>(_maxBatch * 3 * _faceSize, pinned: true);
        _embeddings = GC.AllocateArray<float>(_maxBatch * Dimension, pinned: true);
        _calls = new BoundCall?[_maxBatch];
        for (int v = 0; v < 256; v++) _normalised[v] = (float)((v - (double)_input.Mean) / _input.Std);
        _aligned = new Mat(spec.Input.Height, spec.Input.Width, MatType.CV_8UC3, Scalar.All(0));
        ModelId = $"{spec.Id}@{spec.ShortHash}";
    }

    public int PreferredBatch => _maxBatch;

    public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) =>
        EmbeddingBatch.Filled(faces.Count, Dimension, (Embedder: this, frame, faces), static (rows, s) => s.Embedder.Embed(s.frame, s.faces, rows));

    public void Embed(IFrame frame, IReadOnlyList<DetectedFace> faces, EmbeddingBatch rows)
    {
        rows.Resize(faces.Count);
        if (faces.Count > 0) Run(new OneFrame(MatFrame.Pixels(frame), faces), faces.Count, rows);
    }

    /// <summary>Faces of several frames (a camera's queued frames, or several cameras') in batches of the model's size.</summary>
    public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces) =>
        EmbeddingBatch.Filled(faces.Count, Dimension, (Embedder: this, faces), static (rows, s) => s.Embedder.Run(new ManyFrames(s.faces), s.faces.Count, rows));

    /// <summary>Where the i-th face to embed is (a struct, so the loop below calls it without a delegate).</summary>
    private interface IFaceList
    {
        (Mat Image, FaceLandmarks Landmarks) this[int i] { get; }
    }

    private readonly struct OneFrame(Mat image, IReadOnlyList<DetectedFace> faces) : IFaceList
    {
        public (Mat Image, FaceLandmarks Landmarks) this[int i] => (image, faces[i].Landmarks);
    }

    private readonly struct ManyFrames(IReadOnlyList<FaceInFrame> faces) : IFaceList
    {
        public (Mat Image, FaceLandmarks Landmarks) this[int i] => (MatFrame.Pixels(faces[i].Frame), faces[i].Face.Landmarks);
    }

    private void Run<TFaces>(TFaces faces, int count, EmbeddingBatch result) where TFaces : struct, IFaceList
    {
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            try
            {
                for (int j = 0; j < n; j++)
                {
                    var (image, landmarks) = faces[start + j];
                    _aligner.Align(image, landmarks, _aligned);
                    WriteTensor(j);
                }
                _session.RunWithBinding(_runOptions, CallFor(n).Binding);
                for (int j = 0; j < n; j++)
                {
                    var row = result.Row(start + j);
                    _embeddings.AsSpan(j * Dimension, Dimension).CopyTo(row);
                    EmbeddingBatch.Normalise(row);
                }
            }
            finally
            {
                OpenCvCalls.Wipe(_aligned);
                Array.Clear(_batch, 0, n * 3 * _faceSize);
                Array.Clear(_embeddings, 0, n * Dimension);
            }
        }
    }

    // The input and output of a call of n faces, bound once over the pinned buffers' first n slots.
    private BoundCall CallFor(int n) => _calls[n - 1] ??= new BoundCall(_session, _inputName, _outputName,
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _batch.AsMemory(0, n * 3 * _faceSize), [n, 3, _input.Height, _input.Width]),
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _embeddings.AsMemory(0, n * Dimension), OutputShape(n)));

    // The graph's output shape for n faces: [n, dimension], or its own rank with any other free dimension as 1.
    private long[] OutputShape(int n)
    {
        if (_outputDims.Length <= 2) return [n, Dimension];
        var shape = new long[_outputDims.Length];
        for (int i = 0; i < shape.Length; i++) shape[i] = i == 0 ? n : Math.Max(1, _outputDims[i]);
        return shape;
    }

    private sealed class BoundCall : IDisposable
    {
        private readonly OrtValue _input, _output;
        public OrtIoBinding Binding { get; }

        public BoundCall(InferenceSession session, string inputName, string outputName, OrtValue input, OrtValue output)
        {
            _input = input;
            _output = output;
            Binding = session.CreateIoBinding();
            Binding.BindInput(inputName, input);
            Binding.BindOutput(outputName, output);
        }

        public void Dispose()
        {
            Binding.Dispose();
            _input.Dispose();
            _output.Dispose();
        }
    }

    // One aligned 8-bit BGR crop → three normalised float planes at batch slot j, in the model's channel order.
    private unsafe void WriteTensor(int slot)
    {
        var pixels = (byte*)_aligned.Data;
        long step = _aligned.Step();
        int width = _input.Width, height = _input.Height;
        fixed (float* batch = _batch)
        fixed (float* table = _normalised)
        {
            float* first = batch + slot * 3 * _faceSize;
            // The crop's blue, green and red planes: BGR models take them in that order, RGB models reversed.
            float* blue = first + (_input.IsRgb ? 2 : 0) * _faceSize, green = first + _faceSize, red = first + (_input.IsRgb ? 0 : 2) * _faceSize;
            for (int y = 0; y < height; y++)
            {
                var row = pixels + y * step;
                int at = y * width;
                for (int x = 0; x < width; x++)
                {
                    blue[at + x] = table[row[3 * x]];
                    green[at + x] = table[row[3 * x + 1]];
                    red[at + x] = table[row[3 * x + 2]];
                }
            }
        }
        GC.KeepAlive(_aligned);
    }

    public void Dispose()
    {
        foreach (var call in _calls) call?.Dispose();
        _aligner.Dispose();
        _aligned.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
