using System.Text.Json;
using System.Text.Json.Serialization;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Vision.Catalogue;

/// <summary>The models LfrAudit knows, read from the models.json embedded in this assembly.</summary>
public sealed class ModelCatalogue : IModelCatalogue
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private sealed record CatalogueFile(List<ModelSpec> Models);

    /// <summary>Every model the catalogue names, detectors and embedders.</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>A catalogue of these models (a test's own; the product uses <see cref="Embedded"/>).</summary>
    public ModelCatalogue(IReadOnlyList<ModelSpec> models)
    {
        Models = models;
        foreach (var fusion in models.Where(m => m.IsFusion)) CheckFusion(fusion);
    }

    // A fusion names embedders this catalogue has, no other fusion, its hash from theirs, and terms at least as strict as theirs.
    private void CheckFusion(ModelSpec fusion)
    {
        if (fusion.Role != ModelRole.Embedder || fusion.Parts!.Count < 2)
            throw new InvalidOperationException($"models.json: fusion '{fusion.Id}' must be an embedder of at least two parts");
        var parts = PartsOf(fusion);
        if (parts.Any(p => p.Role != ModelRole.Embedder || p.IsFusion))
            throw new InvalidOperationException($"models.json: fusion '{fusion.Id}' may only fuse embedders that have files");
        if (!string.Equals(fusion.Sha256, ModelSpec.FusionHash(parts), StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"models.json: fusion '{fusion.Id}' has sha256 {fusion.Sha256}, its parts give {ModelSpec.FusionHash(parts)}");
        if (parts.Any(p => p.NeedsLicenceAcceptance) && !fusion.NeedsLicenceAcceptance)
            throw new InvalidOperationException($"models.json: fusion '{fusion.Id}' must carry its parts' restricted licence");
        if (fusion.Default && fusion.NeedsLicenceAcceptance)
            throw new InvalidOperationException($"models.json: fusion '{fusion.Id}' is restricted and cannot be a default");
    }

    /// <summary>The embedders a fusion fuses, in order (unknown ids refused); a model that is no fusion is its own one part.</summary>
    public IReadOnlyList<ModelSpec> PartsOf(ModelSpec model) => model.IsFusion ? [.. model.Parts!.Select(Get)] : [model];

    /// <summary>The catalogue this build ships: models.json, embedded in the assembly.</summary>
    public static ModelCatalogue Embedded { get; } = LoadEmbedded();

    private static ModelCatalogue LoadEmbedded()
    {
        using var stream = typeof(ModelCatalogue).Assembly.GetManifestResourceStream("LfrAudit.models.json")
            ?? throw new InvalidOperationException("models.json is not embedded in LfrAudit.Vision");
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, Json)
            ?? throw new InvalidOperationException("models.json is empty");
        return new ModelCatalogue(file.Models);
    }

    /// <summary>The model of this id (any case); an unknown id is refused, naming the known ones.</summary>
    public ModelSpec Get(string id) =>
        Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new LfrInputException($"unknown model '{id}' (known: {string.Join(", ", Models.Select(m => m.Id))})");

    /// <summary>The model used for <paramref name="role"/> when none is chosen: always one licensed for any use.</summary>
    public ModelSpec DefaultFor(ModelRole role) => Models.First(m => m.Role == role && m.Default);

    /// <summary>
    /// The model files asked for by id; with none named, every model's or only the defaults'. A fusion has no file of its
    /// own: it stands for its parts' files.
    /// </summary>
    public IReadOnlyList<ModelSpec> Select(IReadOnlyCollection<string> ids, bool all) =>
        [.. (ids.Count > 0 ? ids.Select(Get) : all ? Models : Models.Where(m => m.Default)).SelectMany(PartsOf).Distinct()];

    /// <summary>The calibrated threshold of the model a watchlist was enrolled with ("id@shorthash", as the embedder names itself).</summary>
    public Threshold? CalibratedFor(string modelId) => Embedder(modelId)?.Threshold is { } t ? new Threshold(t) : null;

    /// <summary>The embedder a watchlist or run records, as its documents name it; null for one this catalogue lacks.</summary>
    public RecognitionModelName? Describe(string modelId) => Embedder(modelId)?.ForDocuments;

    private ModelSpec? Embedder(string modelId) =>
        Models.FirstOrDefault(m => m.Role == ModelRole.Embedder && string.Equals($"{m.Id}@{m.ShortHash}", modelId, StringComparison.OrdinalIgnoreCase));
}
