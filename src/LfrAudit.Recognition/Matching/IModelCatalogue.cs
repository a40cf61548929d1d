
namespace LfrAudit.Recognition.Matching;

/// <summary>
/// The model catalogue as the use cases ask it, by the model id a watchlist or a run records ("id@shorthash"): the
/// threshold calibrated for an embedder, and the name, version and SHA-256 a deployment's documents give it.
/// </summary>
public interface IModelCatalogue
{
    /// <summary>The threshold calibrated for this embedder, if there is one.</summary>
    Threshold? CalibratedFor(string modelId);

    /// <summary>The model as the public is told of it; null for one this catalogue does not hold.</summary>
    RecognitionModelName? Describe(string modelId);
}
