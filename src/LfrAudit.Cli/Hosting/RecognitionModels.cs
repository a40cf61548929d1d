using System.CommandLine;
using LfrAudit.Core.Domain;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Models;

namespace LfrAudit.Cli.Hosting;

/// <summary>The detector and embedder a command works with, checked against the catalogue before loading.</summary>
public sealed class RecognitionModels : IDisposable
{
    public static readonly Option<string> Device = new("--device")
    {
        Description = "Where models run: cpu (default) or cuda (needs a GPU build, see README)",
        DefaultValueFactory = _ => "cpu",
    };

    public static readonly Option<string?> Embedder = new("--embedder")
    {
        Description = "Embedding model id from models/models.json (default: the catalogue's default embedder)",
    };

    public static void AddOptions(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Embedder);
    }

    public ModelSpec DetectorSpec { get; }
    public ModelSpec EmbedderSpec { get; }
    public YuNetDetector Detector { get; }
    public OnnxFaceEmbedder FaceEmbedder { get; }

    /// <summary>The threshold models.json gives for this embedder; the default for a run.</summary>
    public Threshold DefaultThreshold => new(EmbedderSpec.Threshold ?? 0.5);

    private RecognitionModels(ModelSpec detectorSpec, ModelSpec embedderSpec, YuNetDetector detector, OnnxFaceEmbedder embedder)
    {
        DetectorSpec = detectorSpec;
        EmbedderSpec = embedderSpec;
        Detector = detector;
        FaceEmbedder = embedder;
    }

    public static RecognitionModels Open(CommandContext c, int threadsPerModel = 1)
    {
        var device = InferenceSettings.ParseDevice(c.Get(Device) ?? "cpu");
        var catalogue = ModelCatalogue.Embedded;
        var detectorSpec = catalogue.DefaultFor(ModelRole.Detector);
        var embedderSpec = c.Get(Embedder) is { Length: > 0 } id ? catalogue.Get(id) : catalogue.DefaultFor(ModelRole.Embedder);
        if (embedderSpec.Role != ModelRole.Embedder)
            throw new LfrInputException($"--embedder {embedderSpec.Id} is a {embedderSpec.Role.ToString().ToLowerInvariant()}, not an embedder");
        var dir = c.Models;
        var settings = new InferenceSettings(device, threadsPerModel);
        var detector = new YuNetDetector(detectorSpec, ModelFileCheck.RequireOk(detectorSpec, dir), settings);
        try
        {
            var embedder = new OnnxFaceEmbedder(embedderSpec, ModelFileCheck.RequireOk(embedderSpec, dir), settings);
            c.Log.Information("Models loaded: detector {Detector}, embedder {Embedder} on {Device} from {ModelsDir}",
                detectorSpec.Id, embedder.ModelId, device, dir.Path);
            return new RecognitionModels(detectorSpec, embedderSpec, detector, embedder);
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
    }
}
