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
    public ModelCatalogue(IReadOnlyList<ModelSpec> models) => Models = models;

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

    /// <summary>The models asked for by id; with none named, every model or only the defaults.</summary>
    public IReadOnlyList<ModelSpec> Select(IReadOnlyCollection<string> ids, bool all) =>
        ids.Count > 0 ? ids.Select(Get).ToList() : all ? Models : Models.Where(m => m.Default).ToList();

    /// <summary>The calibrated threshold of the model a watchlist was enrolled with ("id@shorthash", as the embedder names itself).</summary>
    public Threshold? CalibratedFor(string modelId) => Embedder(modelId)?.Threshold is { } t ? new Threshold(t) : null;

    /// <summary>The embedder a watchlist or run records, as its documents name it; null for one this catalogue lacks.</summary>
    public RecognitionModelName? Describe(string modelId) => Embedder(modelId)?.ForDocuments;

    private ModelSpec? Embedder(string modelId) =>
        Models.FirstOrDefault(m => m.Role == ModelRole.Embedder && string.Equals($"{m.Id}@{m.ShortHash}", modelId, StringComparison.OrdinalIgnoreCase));
}
