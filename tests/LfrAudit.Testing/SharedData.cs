using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Testing;

/// <summary>
/// The real models and datasets in ../shared (beside the repository), or wherever LFR_MODELS_DIR and
/// LFR_DATASETS_DIR point. Integration tests fail loudly when they are missing rather than skip silently.
/// </summary>
public static class SharedData
{
    public static string ModelsDir => Environment.GetEnvironmentVariable(ModelDirectory.EnvironmentVariable) is { Length: > 0 } env
        ? env : Path.Combine(SharedRoot, "models");

    public static string DatasetsDir => Environment.GetEnvironmentVariable("LFR_DATASETS_DIR") is { Length: > 0 } env
        ? env : Path.Combine(SharedRoot, "datasets");

    public static ModelDirectory Models => new(ModelsDir, "tests");

    public static string Dataset(params string[] parts) => Path.Combine([DatasetsDir, .. parts]);

    /// <summary>The repository's root (where scenarios/ and docs/ are), found from this file's place in the source tree.</summary>
    public static string RepositoryRoot => Root();

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static string SharedRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (File.Exists(Path.Combine(candidate, "models", "MODELS.md"))) return candidate;
            }
            throw new InvalidOperationException("../shared not found above the test folder; set LFR_MODELS_DIR and LFR_DATASETS_DIR");
        }
    }
}
