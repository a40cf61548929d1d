using LfrAudit.Core.Problems;

namespace LfrAudit.Vision.Catalogue;

/// <summary>
/// The licence terms of a model whose weights are not licensed for any use, as the user accepted them. A force must know
/// when it runs weights it may not use commercially (EdgeFace's are CC BY-NC-SA 4.0): such a model is never the default,
/// is refused unless accepted by id, and the acceptance is written to the audit log by the use case that runs it.
/// </summary>
public sealed record ModelLicence(string Model, string Sha256, string Licence, LicenceUse Use)
{
    /// <summary>What the weights may be used for, in words.</summary>
    public string UseName => Use == LicenceUse.NonCommercial ? "non-commercial use only" : "any use";

    /// <summary>Null for a model licensed for any use; otherwise its terms, if accepted, else a refusal naming the flag.</summary>
    public static ModelLicence? Require(ModelSpec spec, IReadOnlyCollection<string> accepted)
    {
        if (!spec.NeedsLicenceAcceptance) return null;
        var terms = new ModelLicence(spec.Id, spec.Sha256, spec.Licence, spec.LicenceUse);
        if (!accepted.Contains(spec.Id, StringComparer.OrdinalIgnoreCase)) throw new ModelLicenceNotAcceptedException(terms);
        return terms;
    }
}

/// <summary>A model whose licence terms were not accepted: the front end says how to accept them, in its own words.</summary>
public sealed class ModelLicenceNotAcceptedException(ModelLicence terms)
    : LfrInputException($"model '{terms.Model}': its weights are licensed {terms.Licence} ({terms.UseName}): accept those terms by the model's id to use it, or use the default model, licensed for any use")
{
    /// <summary>The terms that were not accepted.</summary>
    public ModelLicence Terms { get; } = terms;
}
