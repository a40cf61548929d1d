using System.Runtime.InteropServices;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Matching;
using LfrAudit.Core.Ports;
using LfrAudit.Vision.Alignment;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Models;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LfrAudit.Vision.Embedding;

/// <summary>
/// A face embedder on ONNX Runtime, fed as models.json says (size, channel order, mean and std), so SFace,
/// ArcFace or the MobileFaceNet stand-in differ only in data. Faces are aligned straight from the frame into
/// a pinned NCHW batch; the aligned crops and the batch are wiped after every inference call.
/// Not thread-safe: one instance per pipeline stage.
/// </summary>
public sealed class OnnxFaceEmbedder : IFaceEmbedder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelInputSpec _input;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _maxBatch;
    private readonly int _faceSize;
    private readonly float[] _batch;
    private readonly IntPtr _batchPtr;
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
            _inputNames = [spec.Input.Name ?? _session.InputMetadata.Keys.First()];
            if (!_session.InputMetadata.TryGetValue(_inputNames[0], out var inMeta))
                throw new ModelFileException($"{modelPath}: model '{spec.Id}' has no input '{_inputNames[0]}' (it has {string.Join(", ", _session.InputMetadata.Keys)})");
            _outputNames = [_session.OutputMetadata.Keys.First()];
            var outDims = _session.OutputMetadata[_outputNames[0]].Dimensions;
            int produced = outDims.Length >= 2 ? outDims[^1] : -1;
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
        _batchPtr = Marshal.UnsafeAddrOfPinnedArrayElement(_batch, 0);
        _aligned = new Mat(spec.Input.Height, spec.Input.Width, MatType.CV_8UC3, Scalar.All(0));
        ModelId = $"{spec.Id}@{spec.ShortHash}";
    }

    public int PreferredBatch => _maxBatch;

    public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces) =>
        Run(faces.Count, i => (MatFrame.Pixels(frame), faces[i].Landmarks));

    /// <summary>Faces of several frames (a camera's queued frames, or several cameras') in batches of the model's size.</summary>
    public EmbeddingBatch Embed(IReadOnlyList<FaceInFrame> faces) =>
        Run(faces.Count, i => (MatFrame.Pixels(faces[i].Frame), faces[i].Face.Landmarks));

    private EmbeddingBatch Run(int count, Func<int, (Mat Image, FaceLandmarks Landmarks)> face)
    {
        var result = new EmbeddingBatch(count, Dimension);
        try
        {
            for (int start = 0; start < count; start += _maxBatch)
            {
                int n = Math.Min(_maxBatch, count - start);
                try
                {
                    for (int j = 0; j < n; j++)
                    {
                        var (image, landmarks) = face(start + j);
                        FaceAligner.AlignInto(image, landmarks, _aligned);
                        WriteTensor(j);
                    }
                    using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        _batch.AsMemory(0, n * 3 * _faceSize), [n, 3, _input.Height, _input.Width]);
                    using var outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
                    var embeddings = outputs[0].GetTensorDataAsSpan<float>();
                    for (int j = 0; j < n; j++)
                        embeddings.Slice(j * Dimension, Dimension).CopyTo(result.Row(start + j));
                }
                finally
                {
                    _aligned.SetTo(Scalar.All(0));
                    Array.Clear(_batch, 0, n * 3 * _faceSize);
                }
            }
            result.NormaliseRows();
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // One aligned 8-bit BGR crop → three normalised float planes at batch slot j, in the model's channel order.
    private void WriteTensor(int slot)
    {
        Cv2.Split(_aligned, out var bgr);
        try
        {
            double alpha = 1.0 / _input.Std, beta = -_input.Mean / _input.Std;
            for (int c = 0; c < 3; c++)
            {
                var sourceChannel = _input.IsRgb ? bgr[2 - c] : bgr[c];
                var plane = _batchPtr + ((slot * 3 + c) * _faceSize) * sizeof(float);
                using var target = Mat.FromPixelData(_input.Height, _input.Width, MatType.CV_32FC1, plane);
                sourceChannel.ConvertTo(target, MatType.CV_32FC1, alpha, beta);
            }
        }
        finally
        {
            foreach (var ch in bgr) { ch.SetTo(Scalar.All(0)); ch.Dispose(); }
        }
    }

    public void Dispose()
    {
        _aligned.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
