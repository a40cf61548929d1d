using LfrAudit.Core.Problems;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Cli.Options;

/// <summary>The model options commands share, and the one call that turns them into composed models.</summary>
internal static class ModelOptions
{
    public static Option<string> Device => new("--device")
    {
        Description = "Where models run: cpu (default) or cuda (needs a GPU build, see README)",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<string?> Embedder => new("--embedder")
    {
        Description = "Embedding model id from models/models.json (default: the catalogue's default embedder)",
    };

    public static Option<string[]> AcceptLicence => new("--accept-model-licence")
    {
        Description = "Accept the licence terms of a model whose weights are not licensed for any use (e.g. edgeface-xs-g06: CC BY-NC-SA 4.0, non-commercial), by its id; recorded in the audit log",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> DetectSize => new("--detect-size")
    {
        Description = "Long side, in pixels, frames are scaled to for face detection (default 640, the detector's own size); " +
                      "1920 searches a 1080p frame at full resolution for distant faces, at about 9 times the detection cost",
    };

    /// <summary>Refuses, before any work, an embedder whose licence terms were not accepted on the command line.</summary>
    public static void RequireLicenceAccepted(CommandContext c, string embedder)
    {
        try { ModelLicence.Require(ModelCatalogue.Embedded.Get(embedder), c.Get(AcceptLicence) ?? []); }
        catch (ModelLicenceNotAcceptedException refused) { throw NotAccepted(refused); }
    }

    private static LfrInputException NotAccepted(ModelLicenceNotAcceptedException refused)
    {
        var t = refused.Terms;
        return new LfrInputException($"model '{t.Model}': its weights are licensed {t.Licence} ({t.UseName}): give {AcceptLicence.Name} {t.Model} to accept those terms, or use the default model, licensed for any use", refused);
    }

    /// <summary>The options but --embedder: for a command that takes several embedders itself.</summary>
    public static void AddAllButEmbedderTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(DetectSize);
        command.Options.Add(AcceptLicence);
    }

    public static void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Embedder);
        command.Options.Add(DetectSize);
        command.Options.Add(AcceptLicence);
    }

    public static RecognitionModels Open(CommandContext c, int? threadsPerModel = null) => Open(c, c.Get(Embedder), threadsPerModel);

    /// <summary>The models with this embedder (null: the default), for a command that names several (lfr evaluate compare).</summary>
    public static RecognitionModels Open(CommandContext c, string? embedder, int? threadsPerModel)
    {
        var choice = new ModelChoice(InferenceSettings.ParseDevice(c.Get(Device) ?? "cpu"), embedder, threadsPerModel)
        {
            DetectionLongSide = c.Get(DetectSize) is { } size ? Vision.Detection.DetectorSettings.ParseLongSide(size) : null,
            AcceptedLicences = c.Get(AcceptLicence) ?? [],
        };
        RecognitionModels models;
        try { models = RecognitionModels.Open(c.Models, choice); }
        catch (ModelLicenceNotAcceptedException refused) { throw NotAccepted(refused); }
        c.Log.Information("Models loaded: detector {Detector}, embedder {Embedder} on {Device} from {ModelsDir}",
            models.DetectorSpec.Id, models.FaceEmbedder.ModelId, models.Device, c.Models.Path);
        if (models.LicenceAccepted is { } terms)
            c.Log.Warning("Model {Model} runs under licence terms accepted on the command line: {Licence}, {Use}", terms.Model, terms.Licence, terms.UseName);
        return models;
    }
}
