using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Alignment;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace LfrAudit.Vision.Baselines;

/// <summary>
/// OpenCV's own runtime on the same model files, for 'lfr bench' to compare against: FaceDetectorYN on the frame
/// scaled as our detector scales it (to fit 640×640; FaceDetectorYN pads it to a multiple of 32 as ours does,
/// 640×384 for 16:9), and the embedder through
/// CvDnn.ReadNetFromOnnx on the same aligned crops with the same normalisation. OpenCV is held to one thread, as
/// each of our models is. Only ever timed: nothing here is used to recognise anyone.
/// </summary>
internal sealed class OpenCvDnnBaselines : IDisposable
{
    private const int Canvas = 640;
    private readonly string _detectorPath;
    private FaceDetectorYN? _detector;
    private Size _detectorSize;
    private readonly Net _embedder;
    private readonly ModelSpec _embedderSpec;
    private readonly Mat _scaled = new();
    private readonly Mat _aligned;
    private readonly FaceAligner _aligner = new(); // kept, as our embedder keeps its own: only the runtimes differ
    private readonly Mat _faces = new();

    public OpenCvDnnBaselines(string detectorPath, string embedderPath, ModelSpec embedderSpec)
    {
        Cv2.SetNumThreads(1);
        _detectorPath = detectorPath;
        _embedder = CvDnn.ReadNetFromOnnx(embedderPath) ?? throw new ModelFileException($"{embedderPath}: OpenCV DNN cannot read it");
        _embedderSpec = embedderSpec;
        _aligned = new Mat(embedderSpec.Input.Height, embedderSpec.Input.Width, MatType.CV_8UC3, Scalar.All(0));
    }

    /// <summary>Detects on a frame as our detector does (scaled to fit the canvas); the number of faces found.</summary>
    public int Detect(IFrame frame)
    {
        var image = MatFrame.Pixels(frame);
        double scale = Math.Min(1.0, Math.Min(Canvas / (double)image.Width, Canvas / (double)image.Height));
        int w = Math.Clamp((int)Math.Round(image.Width * scale), 1, Canvas), h = Math.Clamp((int)Math.Round(image.Height * scale), 1, Canvas);
        Cv2.Resize(image, _scaled, new Size(w, h), 0, 0, InterpolationFlags.Area);
        // This OpenCvSharp has no setInputSize: a detector is made for each frame size (a run has one).
        if (_detector is null || _detectorSize != _scaled.Size())
        {
            _detector?.Dispose();
            _detectorSize = _scaled.Size();
            _detector = FaceDetectorYN.Create(_detectorPath, "", _detectorSize, 0.6f, 0.3f, 5000);
        }
        _detector.Detect(_scaled, _faces);
        return _faces.Rows;
    }

    /// <summary>Embeds one face as our embedder does (aligned the same way, normalised the same way): the unit-length embedding.</summary>
    public float[] Embed(IFrame frame, DetectedFace face)
    {
        _aligner.Align(MatFrame.Pixels(frame), face.Landmarks, _aligned);
        var input = _embedderSpec.Input;
        using var blob = CvDnn.BlobFromImage(_aligned, 1.0 / input.Std, new Size(input.Width, input.Height), Scalar.All(input.Mean), swapRB: input.IsRgb, crop: false);
        _embedder.SetInput(blob);
        using var output = _embedder.Forward();
        var embedding = new float[output.Total()];
        System.Runtime.InteropServices.Marshal.Copy(output.Data, embedding, 0, embedding.Length);
        EmbeddingBatch.Normalise(embedding);
        return embedding;
    }

    public void Dispose()
    {
        _detector?.Dispose();
        _embedder.Dispose();
        _scaled.Dispose();
        _aligned.Dispose();
        _aligner.Dispose();
        _faces.Dispose();
    }
}
