using System.Text.Json.Serialization;

namespace LfrAudit.Vision.Models;

public enum ModelRole { Detector, Embedder }

/// <summary>How a model wants its input tensor: size, channel order and per-channel normalisation.</summary>
public sealed record ModelInputSpec(string? Name, int Width, int Height, string ColourOrder, float Mean, float Std)
{
    public bool IsRgb => string.Equals(ColourOrder, "RGB", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One entry of models/models.json: a model file, where it comes from and how to feed it.</summary>
public sealed record ModelSpec(
    string Id,
    ModelRole Role,
    bool Default,
    string File,
    string Url,
    string Sha256,
    long Size,
    string Licence,
    ModelInputSpec Input,
    int? EmbeddingSize = null,
    int? MaxBatch = null,
    double? Threshold = null,
    string? ThresholdSource = null)
{
    [JsonIgnore]
    public string ShortHash => Sha256[..12];
}
