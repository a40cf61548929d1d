using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Reading what a person points us at (a manifest, a labels file, a truth file, a key) and writing what they
/// ask for (a report): only regular files, within a size, and every file-system failure one line naming the
/// file. A FIFO or a device would block or never end; reports are written whole or not at all.
/// </summary>
public static class TextFiles
{
    /// <summary>The largest text file read: 256 MiB.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>A regular file's whole text; anything else, or a failure to read, is one line naming the file as <paramref name="what"/>.</summary>
    public static string ReadAll(string path, string what)
    {
        Require(path, what);
        try { return File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{FileKind.Show(path)}: cannot read {what}: {ex.Message}", ex); }
    }

    /// <summary>A regular file's lines, with the same checks as <see cref="ReadAll"/>.</summary>
    public static string[] ReadLines(string path, string what)
    {
        Require(path, what);
        try { return File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{FileKind.Show(path)}: cannot read {what}: {ex.Message}", ex); }
    }

    /// <summary>
    /// Writes a file whole (<see cref="StagedFile"/>: a new temporary file beside it, then renamed over it), never into a
    /// FIFO or a device, and never through a symbolic link: a link at that name is refused in one line, as in an
    /// <see cref="OutputFolder"/>, rather than silently replaced.
    /// </summary>
    public static void WriteAll(string path, string content, string what)
    {
        RequireName(path, what);
        if (Links.Target(path) is { } target)
            throw new LfrInputException($"{FileKind.Show(path)}: a symbolic link (to {FileKind.Show(target)}); the {what} is never written through a link: remove it or choose another name");
        var kind = FileKind.Of(path);
        if (kind is not (FileKindOf.Missing or FileKindOf.Regular))
            throw new LfrInputException($"{FileKind.Show(path)}: cannot write the {what} there: it is {FileKind.Describe(kind)}");
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(Path.GetDirectoryName(full)!)) throw new LfrInputException($"{FileKind.Show(path)}: cannot write the {what}: its folder does not exist");
        using var staged = StagedFile.Write(full, System.Text.Encoding.UTF8.GetBytes(content), what);
        staged.Commit();
    }

    /// <summary>A folder to write into: created if missing; refused if something else already has that name.</summary>
    public static string Folder(string path, string what)
    {
        RequireName(path, what);
        var kind = FileKind.Of(path);
        if (kind is not (FileKindOf.Missing or FileKindOf.Directory))
            throw new LfrInputException($"{FileKind.Show(path)}: cannot use it as the {what}: it is {FileKind.Describe(kind)}, not a folder");
        try { return Directory.CreateDirectory(Path.GetFullPath(path)).FullName; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{FileKind.Show(path)}: cannot create the {what}: {ex.Message}", ex); }
    }

    /// <summary>An empty or blank path names nothing: one line, not an exception from deep in the file system.</summary>
    public static void RequireName(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
            throw new LfrInputException($"'{SafeText.Escape(path)}' is not a usable path for the {what}");
    }

    private static void Require(string path, string what)
    {
        FileKind.RequireRegularFile(path, what);
        long length = new FileInfo(path).Length;
        if (length > MaxBytes) throw new LfrInputException($"{FileKind.Show(path)}: the {what} is {length / 1048576} MiB, over the {MaxBytes / 1048576} MiB limit");
    }
}
