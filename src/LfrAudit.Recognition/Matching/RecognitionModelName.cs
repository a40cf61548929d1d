namespace LfrAudit.Recognition.Matching;

/// <summary>
/// A recognition model as a notice or an outcome report names it, as forces name the algorithm they run: what it is,
/// which version, the SHA-256 of the exact file, and the terms its weights are licensed under.
/// </summary>
/// <param name="Id">The catalogue's id for it.</param>
/// <param name="Name">What it is and who made it, in words.</param>
/// <param name="Version">Which release or revision of it.</param>
/// <param name="Sha256">The SHA-256 of the weights file (just the first twelve digits for a model the catalogue lacks).</param>
/// <param name="Licence">The weights' licence (an SPDX id), or "not known".</param>
public sealed record RecognitionModelName(string Id, string Name, string Version, string Sha256, string Licence)
{
    /// <summary>The id a watchlist or a run records for this model: "id@" and the SHA-256's first twelve digits.</summary>
    public string RecordedAs => Sha256.Length == 0 ? Id : $"{Id}@{Sha256[..Math.Min(12, Sha256.Length)]}";

    /// <summary>A model a record names that this version's catalogue does not hold: named as recorded, and said so.</summary>
    public static RecognitionModelName AsRecorded(string modelId)
    {
        int at = modelId.LastIndexOf('@');
        var id = at > 0 ? modelId[..at] : modelId;
        return new(id, id, "not in this version's model catalogue", at > 0 ? modelId[(at + 1)..] : "", "not known");
    }
}
