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
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh"))) return dir.FullName;
        throw new InvalidOperationException("the repository (scripts/postgres.sh) was not found above the test binaries");
    }
}
