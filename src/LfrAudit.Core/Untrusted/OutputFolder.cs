using System.Text;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// A folder the command line writes files into (a public site, an audit export, a key pair), where nothing is ever
/// written through a link. A symbolic link inside it, at any depth and to a file or a folder, is refused in one line
/// naming it, rather than replaced: it was put there by someone, perhaps to make us overwrite ~/.bashrc or write into
/// /etc; replacing it would hide that and delete what they placed, while refusing touches nothing and tells the
/// operator. Every name is checked before any file is written, so a refusal leaves the folder as it was. The folder
/// itself may be a link: that is the path the user gave. Files are written whole (<see cref="StagedFile"/>).
/// </summary>
public sealed class OutputFolder
{
    private readonly string _what;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    private OutputFolder(string path, string what)
    {
        Path = path;
        _what = what;
    }

    /// <summary>The folder, created if missing; <paramref name="what"/> names what goes in it ("public site", "audit export").</summary>
    public static OutputFolder At(string path, string folderWhat, string what) => new(TextFiles.Folder(path, folderWhat), what);

    /// <summary>The full path of a file in the folder, refused in one line if a link or something other than a folder or file stands in its way.</summary>
    public string Check(string relative)
    {
        var parts = Parts(relative);
        var current = Path;
        for (int i = 0; i < parts.Length; i++)
        {
            current = System.IO.Path.Combine(current, parts[i]);
            if (Links.Target(current) is { } target)
                throw new LfrInputException($"{FileKind.Show(current)}: a symbolic link (to {FileKind.Show(target)}); the {_what} is never written through a link: remove it and try again");
            var kind = FileKind.Of(current);
            if (kind == FileKindOf.Missing) break; // nothing below it exists either: it will be made
            bool last = i == parts.Length - 1;
            if (!last && kind != FileKindOf.Directory)
                throw new LfrInputException($"{FileKind.Show(current)}: is {FileKind.Describe(kind)}, where the {_what} needs a folder");
            if (last && kind != FileKindOf.Regular)
                throw new LfrInputException($"{FileKind.Show(current)}: cannot write the {_what} there: it is {FileKind.Describe(kind)}");
        }
        return System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));
    }

    /// <summary>Checks every name first, so that nothing is written unless everything can be.</summary>
    public void CheckAll(IEnumerable<string> relatives)
    {
        foreach (var r in relatives) Check(r);
    }

    /// <summary>Writes one file whole (UTF-8, no byte order mark), making the folders on its way (never through a link).</summary>
    public void Write(string relative, string content)
    {
        var full = Prepare(relative);
        using var staged = StagedFile.Write(full, Encoding.UTF8.GetBytes(content), _what);
        staged.Commit();
    }

    /// <summary>Writes lines, each ended by a newline, streamed rather than joined (an export's log may be large).</summary>
    public void WriteLines(string relative, IEnumerable<string> lines)
    {
        var full = Prepare(relative);
        using var staged = StagedFile.Write(full, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }, _what);
        staged.Commit();
    }

    /// <summary>Removes a file of the folder if it is there (a link there is refused like any other, never followed).</summary>
    public void Delete(string relative)
    {
        var full = Check(relative);
        try { File.Delete(full); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{FileKind.Show(full)}: cannot remove the old file from the {_what}: {ex.Message.Split('\n')[0]}", ex); }
    }

    /// <summary>Checks the name, then makes the missing folders one at a time, checking each again once made (one may have been swapped for a link meanwhile).</summary>
    public string Prepare(string relative)
    {
        var full = Check(relative);
        var parts = Parts(relative);
        var current = Path;
        foreach (var part in parts[..^1])
        {
            current = System.IO.Path.Combine(current, part);
            if (FileKind.Of(current) == FileKindOf.Missing && !Links.IsLink(current))
            {
                try { Directory.CreateDirectory(current); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                { throw new LfrInputException($"{FileKind.Show(current)}: cannot create a folder of the {_what}: {ex.Message.Split('\n')[0]}", ex); }
            }
        }
        Check(relative);
        return full;
    }

    // Names come from code and from stored identifiers: a part that would climb out or name nothing is refused, not resolved.
    private string[] Parts(string relative)
    {
        var parts = relative.Split('/');
        foreach (var part in parts)
            if (part is "" or "." or ".." || part.Contains('\\') || part.Contains('\0') || SafeText.HasControlCharacters(part))
                throw new LfrInputException($"'{SafeText.Escape(relative)}' is not a usable file name in the {_what}");
        return parts;
    }
}
