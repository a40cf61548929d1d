namespace LfrAudit.Testing;

/// <summary>The repository the tests were built from: its scripts and files, found above the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A path inside the repository, from its parts (e.g. "scripts", "postgres.sh").</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (IsRepository(dir.FullName)) return dir.FullName;
        // Built elsewhere (an --artifacts-path outside the repository): where the sources were when it was built.
        var built = typeof(Repository).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LfrAudit.RepositoryRoot")?.Value;
        if (built is not null && IsRepository(built)) return built;
        throw new InvalidOperationException($"the repository (scripts/postgres.sh) was not found above the test binaries nor at {built ?? "(no build path)"}");
    }

    private static bool IsRepository(string dir) => System.IO.File.Exists(Path.Combine(dir, "scripts", "postgres.sh"));
}
