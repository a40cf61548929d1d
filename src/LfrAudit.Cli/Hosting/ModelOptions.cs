using LfrAudit.Vision.Models;

namespace LfrAudit.Cli.Hosting;

/// <summary>The model options commands share, and the one call that turns them into composed models.</summary>
public static class ModelOptions
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

    public static void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Embedder);
    }

    public static RecognitionModels Open(CommandContext c, int threadsPerModel = 1)
    {
        var choice = new ModelChoice(InferenceSettings.ParseDevice(c.Get(Device) ?? "cpu"), c.Get(Embedder), threadsPerModel);
        var models = RecognitionModels.Open(c.Models, choice);
        c.Log.Information("Models loaded: detector {Detector}, embedder {Embedder} on {Device} from {ModelsDir}",
            models.DetectorSpec.Id, models.FaceEmbedder.ModelId, models.Device, c.Models.Path);
        return models;
    }
}
