using LfrAudit.Core.Domain;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Embedding;
using Microsoft.ML.OnnxRuntime;

namespace LfrAudit.Vision.Models;

/// <summary>
/// What a caller asks of the models: where they run, which embedder (null: the catalogue's default), how many
/// threads each model may use, and an optional hook on every ONNX Runtime session's options — an execution
/// provider, a profiling switch — so that such a choice is made where the models are composed, not inside them.
/// </summary>
public sealed record ModelChoice(InferenceDevice Device = InferenceDevice.Cpu, string? EmbedderId = null, int ThreadsPerModel = 1,
    Action<SessionOptions>? ConfigureSession = null)
{
    /// <summary>
    /// Threads the embedder may use (null: as many as the machine's cores). Untracked, or in a crowd, the embedder
    /// stage is the slowest; with its threads it takes the core the detector leaves idle (they do not spin).
    /// </summary>
    public int? EmbedderThreads { get; init; }

    /// <summary>
    /// Threads the detector may use (null: as many as the machine's cores). Tracked, the detector is the slowest
    /// stage; a second thread takes the time the decoder and the other stages leave idle (they do not spin).
    /// </summary>
    public int? DetectorThreads { get; init; }

    /// <summary>The long side frames are scaled to for detection (null: the detector model's own size).</summary>
    public int? DetectionLongSide { get; init; }
}

/// <summary>
/// The detector and embedder a use case works with, composed from the catalogue: each file checked (size,
/// LFS pointer, SHA-256) before ONNX Runtime sees it, both on the same device and session settings.
/// </summary>
public sealed class RecognitionModels : IDisposable
{
    public ModelSpec DetectorSpec { get; }
    public ModelSpec EmbedderSpec { get; }
    public YuNetDetector Detector { get; }
    public OnnxFaceEmbedder FaceEmbedder { get; }
    /// <summary>Measures how sharp a face is, to choose a track's best frames (used beside the detector, on its thread).</summary>
    public Quality.LaplacianSharpness Sharpness { get; } = new();
    public InferenceDevice Device { get; }

    /// <summary>Threads the embedder and the detector run on.</summary>
    public int EmbedderThreads { get; private init; }
    public int DetectorThreads { get; private init; }

    /// <summary>The checked model files (for a comparison on another runtime: 'lfr bench').</summary>
    public string DetectorPath { get; }
    public string EmbedderPath { get; }

    /// <summary>The threshold models.json gives for this embedder; the default for a run.</summary>
    public Threshold DefaultThreshold => new(EmbedderSpec.Threshold ?? 0.5);

    private RecognitionModels(ModelSpec detectorSpec, ModelSpec embedderSpec, YuNetDetector detector, OnnxFaceEmbedder embedder, InferenceDevice device,
        string detectorPath, string embedderPath)
    {
        DetectorPath = detectorPath;
        EmbedderPath = embedderPath;
        DetectorSpec = detectorSpec;
        EmbedderSpec = embedderSpec;
        Detector = detector;
        FaceEmbedder = embedder;
        Device = device;
    }

    public static RecognitionModels Open(ModelDirectory dir, ModelChoice choice)
    {
        var catalogue = ModelCatalogue.Embedded;
        var detectorSpec = catalogue.DefaultFor(ModelRole.Detector);
        var embedderSpec = choice.EmbedderId is { Length: > 0 } id ? catalogue.Get(id) : catalogue.DefaultFor(ModelRole.Embedder);
        if (embedderSpec.Role != ModelRole.Embedder)
            throw new LfrInputException($"model '{embedderSpec.Id}' is a {embedderSpec.Role.ToString().ToLowerInvariant()}, not an embedder");
        var settings = new InferenceSettings(choice.Device, choice.ThreadsPerModel) { ConfigureSession = choice.ConfigureSession };
        var detectorPath = ModelFileCheck.RequireOk(detectorSpec, dir);
        var detectorSettings = settings with { IntraOpThreads = choice.DetectorThreads ?? Math.Max(choice.ThreadsPerModel, Environment.ProcessorCount) };
        var detector = new YuNetDetector(detectorSpec, detectorPath, detectorSettings, new DetectorSettings(LongSide: choice.DetectionLongSide));
        try
        {
            var embedderPath = ModelFileCheck.RequireOk(embedderSpec, dir);
            var embedderSettings = settings with { IntraOpThreads = choice.EmbedderThreads ?? Math.Max(choice.ThreadsPerModel, Environment.ProcessorCount) };
            var embedder = new OnnxFaceEmbedder(embedderSpec, embedderPath, embedderSettings);
            return new RecognitionModels(detectorSpec, embedderSpec, detector, embedder, choice.Device, detectorPath, embedderPath)
            {
                EmbedderThreads = embedderSettings.IntraOpThreads,
                DetectorThreads = detectorSettings.IntraOpThreads,
            };
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Detector.Dispose();
        FaceEmbedder.Dispose();
        Sharpness.Dispose();
    }
}
