using System.Text.Json.Serialization;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Vision.Catalogue;

/// <summary>What a model does in the pipeline.</summary>
public enum ModelRole
{
    /// <summary>Finds faces and their landmarks in a frame.</summary>
    Detector,
    /// <summary>Turns an aligned face into the vector the watchlist is searched with.</summary>
    Embedder,
}

/// <summary>What a model's weights are licensed for: any use, or only non-commercial use (which must be accepted explicitly).</summary>
public enum LicenceUse
{
    /// <summary>Any use, commercial included.</summary>
    Any,
    /// <summary>Non-commercial use only (CC BY-NC and the like): accepted explicitly, and recorded.</summary>
    NonCommercial,
}

/// <summary>How a model wants its input tensor: size, channel order and per-channel normalisation.</summary>
public sealed record ModelInputSpec(string? Name, int Width, int Height, string ColourOrder, float Mean, float Std)
{
    /// <summary>The model takes red first (ONNX Runtime's usual order), where OpenCV decodes blue first.</summary>
    public bool IsRgb => string.Equals(ColourOrder, "RGB", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// One entry of models/models.json: a model file, where it comes from and how to feed it. <see cref="Url"/> is null for
/// a file no upstream serves byte for byte (converted here): <see cref="Source"/> then says how it was made, and the
/// SHA-256 is still checked before the file is used.
/// </summary>
public sealed record ModelSpec(
    string Id,
    ModelRole Role,
    bool Default,
    string File,
    string? Url,
    string Sha256,
    long Size,
    string Licence,
    ModelInputSpec Input,
    int? EmbeddingSize = null,
    int? MaxBatch = null,
    double? Threshold = null,
    string? ThresholdSource = null,
    LicenceUse LicenceUse = LicenceUse.Any,
    string? Source = null,
    string? Name = null,
    string? Version = null,
    IReadOnlyList<string>? Parts = null)
{
    /// <summary>
    /// An embedder with no file of its own: the score-level fusion of <see cref="Parts"/> (each an embedder in the
    /// catalogue), whose cosine is the mean of theirs. Its SHA-256 is <see cref="FusionHash"/> of its parts'.
    /// </summary>
    [JsonIgnore]
    public bool IsFusion => Parts is { Count: > 0 };

    /// <summary>A fusion's SHA-256: of its parts' SHA-256s (lower-case hex) joined by '+', in order, so a changed part changes it.</summary>
    public static string FusionHash(IEnumerable<ModelSpec> parts) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.ASCII.GetBytes(string.Join('+', parts.Select(p => p.Sha256.ToLowerInvariant())))));

    /// <summary>Whoever uses this model must first accept its licence terms (<c>--accept-model-licence ID</c>), and that is recorded.</summary>
    [JsonIgnore]
    public bool NeedsLicenceAcceptance => LicenceUse != LicenceUse.Any;

    /// <summary>The model as the audit log names it: id, licence and SHA-256.</summary>
    [JsonIgnore]
    public string Named => $"{Id} ({Licence}, sha256 {Sha256})";

    /// <summary>The SHA-256's first twelve hex digits: how an embedder names itself on a watchlist ("id@shorthash").</summary>
    [JsonIgnore]
    public string ShortHash => Sha256[..12];

    /// <summary>The model as a deployment's notice and outcome report name it (the id again where the catalogue gives no name).</summary>
    [JsonIgnore]
    public RecognitionModelName ForDocuments => new(Id, Name ?? Id, Version ?? "not stated", Sha256, Licence);
}
