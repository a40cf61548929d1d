using LfrAudit.Core.Problems;
using LfrAudit.Recognition;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Embedding;
using Microsoft.ML.OnnxRuntime;

namespace LfrAudit.Vision.Catalogue;

/// <summary>
/// What a caller asks of the models: where they run, which embedder (null: the catalogue's default), how many
/// threads each model may use (null: the machine's cores; they never spin, so a model waiting for work leaves its
/// core to the pipeline's other stages — the detector is the slowest stage tracked, the embedder untracked), the
/// long side frames are scaled to for detection (null: the detector's own size), and an optional hook on every
/// ONNX Runtime session's options — an execution provider, a profiling switch — so that such a choice is made where
/// the models are composed, not inside them.
/// </summary>
public sealed record ModelChoice(InferenceDevice Device = InferenceDevice.Cpu, string? EmbedderId = null, int? ThreadsPerModel = null,
    Action<SessionOptions>? ConfigureSession = null)
{
    /// <summary>The long side frames are scaled to for detection (null: the detector's own size).</summary>
    public int? DetectionLongSide { get; init; }

    /// <summary>Models whose licence terms the user accepted by id (<c>--accept-model-licence</c>); any other restricted model is refused.</summary>
    public IReadOnlyCollection<string> AcceptedLicences { get; init; } = [];
}

/// <summary>
/// The detector and embedder a use case works with, composed from the catalogue: each file checked (size,
/// LFS pointer, SHA-256) before ONNX Runtime sees it, both on the same device and session settings.
/// </summary>
public sealed class RecognitionModels : IRecognitionModels
{
    /// <summary>The detector's catalogue entry.</summary>
    public ModelSpec DetectorSpec { get; }
    /// <summary>The embedder's catalogue entry: what a deployment's documents name.</summary>
    public ModelSpec EmbedderSpec { get; }
    private readonly YuNetDetector _detector;
    private readonly IFaceEmbedder _embedder; // one model's, or a fusion of several
    private readonly Quality.LaplacianSharpness _sharpness = new();

    /// <summary>Finds faces in a frame (YuNet): the pipeline's detector stage.</summary>
    public IFaceDetector Detector => _detector;
    /// <summary>Turns an aligned face into the vector the watchlist is searched with.</summary>
    public IFaceEmbedder FaceEmbedder => _embedder;
    /// <summary>Measures how sharp a face is, to choose a track's best frames (used beside the detector, on its thread).</summary>
    public IFaceSharpness Sharpness => _sharpness;
    /// <summary>Where the models run.</summary>
    public InferenceDevice Device { get; }

    /// <summary>Threads each model runs on.</summary>
    public int ThreadsPerModel { get; private init; }

    /// <summary>The checked model files (for a comparison on another runtime: 'lfr bench').</summary>
    public string DetectorPath { get; }
    /// <summary>The checked embedder file (a fusion's first part's).</summary>
    public string EmbedderPath { get; }

    /// <summary>The embedder's licence terms the user accepted to use it (to be recorded), or null for a model licensed for any use.</summary>
    public ModelLicence? LicenceAccepted { get; private init; }

    /// <summary>The accepted terms in words, as the audit log records them; null for a model licensed for any use.</summary>
    public string? AcceptedLicenceTerms => LicenceAccepted is { } t ? $"{t.Licence} ({t.UseName}), accepted" : null;

    /// <summary>The threshold models.json gives for this embedder; the default for a run.</summary>
    public Threshold DefaultThreshold => new(EmbedderSpec.Threshold ?? 0.5);

    /// <summary>The detector as a run's record names it: id and SHA-256.</summary>
    public string DetectorProvenance => $"{DetectorSpec.Id} sha256 {DetectorSpec.Sha256}";
    /// <summary>The embedder as a run's record names it: id and SHA-256.</summary>
    public string EmbedderProvenance => $"{EmbedderSpec.Id} sha256 {EmbedderSpec.Sha256}";


    private RecognitionModels(ModelSpec detectorSpec, ModelSpec embedderSpec, YuNetDetector detector, IFaceEmbedder embedder, InferenceDevice device,
        string detectorPath, string embedderPath)
    {
        DetectorPath = detectorPath;
        EmbedderPath = embedderPath;
        DetectorSpec = detectorSpec;
        EmbedderSpec = embedderSpec;
        _detector = detector;
        _embedder = embedder;
        Device = device;
    }

    /// <summary>
    /// Opens the detector and the embedder <paramref name="choice"/> names from <paramref name="dir"/>, each file checked
    /// first; an embedder whose licence is restricted is refused unless its terms were accepted.
    /// </summary>
    public static RecognitionModels Open(ModelDirectory dir, ModelChoice choice)
    {
        var catalogue = ModelCatalogue.Embedded;
        var detectorSpec = catalogue.DefaultFor(ModelRole.Detector);
        var embedderSpec = choice.EmbedderId is { Length: > 0 } id ? catalogue.Get(id) : catalogue.DefaultFor(ModelRole.Embedder);
        if (embedderSpec.Role != ModelRole.Embedder)
            throw new LfrInputException($"model '{embedderSpec.Id}' is a {embedderSpec.Role.ToString().ToLowerInvariant()}, not an embedder");
        var accepted = ModelLicence.Require(embedderSpec, choice.AcceptedLicences);
        var settings = new InferenceSettings(choice.Device, choice.ThreadsPerModel ?? Environment.ProcessorCount) { ConfigureSession = choice.ConfigureSession };
        var detectorPath = ModelFileCheck.RequireOk(detectorSpec, dir);
        var detector = new YuNetDetector(detectorSpec, detectorPath, settings, new DetectorSettings(LongSide: choice.DetectionLongSide));
        var parts = new List<OnnxFaceEmbedder>();
        try
        {
            var paths = new List<string>();
            foreach (var part in catalogue.PartsOf(embedderSpec))
            {
                paths.Add(ModelFileCheck.RequireOk(part, dir));
                parts.Add(new OnnxFaceEmbedder(part, paths[^1], settings));
            }
            IFaceEmbedder embedder = embedderSpec.IsFusion ? new FusedEmbedder($"{embedderSpec.Id}@{embedderSpec.ShortHash}", parts) : parts[0];
            Warm(detector, embedder);
            return new RecognitionModels(detectorSpec, embedderSpec, detector, embedder, choice.Device, detectorPath, paths[0])
            {
                ThreadsPerModel = settings.IntraOpThreads,
                LicenceAccepted = accepted,
            };
        }
        catch
        {
            foreach (var part in parts) part.Dispose();
            detector.Dispose();
            throw;
        }
    }

    // A session's first calls allocate its buffers and pick its kernels: measured with four live cameras, the alerts of the
    // first seconds took up to 0.72 s from frame to record; with a first warm-up (on 640x480), at most 0.46 s (0.15-0.17 s
    // at the 95th percentile). Those calls are made here, on a grey picture and a face-shaped box in it, before any camera's frame waits on them. The picture is a
    // camera's 16:9 at 1280 wide, so the detector is warmed on the input shape cameras' frames take (a scaled frame gets a
    // tight canvas, 640x384; a picture that fits as it is would warm the 640x640 one).
    private static void Warm(IFaceDetector detector, IFaceEmbedder embedder)
    {
        using var grey = new Frames.MatFrame(new OpenCvSharp.Mat(720, 1280, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(127)), 0, TimeSpan.Zero);
        detector.Detect(grey);
        var face = new DetectedFace(new BoxF(560, 260, 160, 200),
            new FaceLandmarks(new PointF(610, 330), new PointF(670, 330), new PointF(640, 370), new PointF(615, 410), new PointF(665, 410)), 1f);
        using var rows = embedder.Embed(grey, [face]);
    }

    /// <summary>Releases both models' sessions.</summary>
    public void Dispose()
    {
        _detector.Dispose();
        (_embedder as IDisposable)?.Dispose();
        _sharpness.Dispose();
    }
}
