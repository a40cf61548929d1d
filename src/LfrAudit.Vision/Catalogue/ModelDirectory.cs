namespace LfrAudit.Vision.Catalogue;

/// <summary>
/// Where model files are looked for: the --models option, then LFR_MODELS_DIR, then ./models.
/// </summary>
public sealed record ModelDirectory(string Path, string ChosenBy)
{
    /// <summary>The environment variable that names the models folder when no option does.</summary>
    public const string EnvironmentVariable = "LFR_MODELS_DIR";

    /// <summary>The folder <paramref name="option"/> names, else the environment's, else ./models; with who chose it.</summary>
    public static ModelDirectory Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return new(System.IO.Path.GetFullPath(option), "the models option");
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return new(System.IO.Path.GetFullPath(env), EnvironmentVariable);
        return new(System.IO.Path.GetFullPath("models"), "default ./models");
    }

    /// <summary>Where <paramref name="spec"/>'s file is expected in this folder.</summary>
    public string PathOf(ModelSpec spec) => System.IO.Path.Combine(Path, spec.File);
}
