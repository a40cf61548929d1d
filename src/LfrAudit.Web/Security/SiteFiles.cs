using LfrAudit.Core.Untrusted;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace LfrAudit.Web.Security;

/// <summary>
/// The public site's files as anyone may fetch them: only regular files that are really inside the site folder.
/// A symbolic link anywhere on the way (to a file or a folder, relative or absolute, a chain of them, to /proc or
/// /dev), a hard link (another name for a file that may live elsewhere, such as the signing key), a FIFO or device,
/// a hidden name, '..', an empty segment or a backslash: not found. Never listed, never watched.
/// </summary>
internal sealed class SiteFiles : IFileProvider
{
    private const int MaxPathLength = 1024;

    /// <summary>The site folder with its own links resolved once: the operator named it, and may have named it through a link.</summary>
    private readonly string? _root;

    public SiteFiles(string folder) => _root = Links.RealPath(Path.GetFullPath(folder));

    public IFileInfo GetFileInfo(string subpath) =>
        Resolve(subpath) is { } path ? new SiteFile(this, subpath, path) : new NotFoundFileInfo(subpath ?? "");

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    /// <summary>The file's path if it may be served, checked entry by entry without following anything; null if not.</summary>
    internal string? Resolve(string? subpath)
    {
        if (_root is null || string.IsNullOrEmpty(subpath) || subpath.Length > MaxPathLength) return null;
        var parts = subpath.TrimStart('/').Split('/');
        if (parts.Any(p => p.Length == 0 || p[0] == '.' || p.Contains('\\') || p.Contains('\0') || SafeText.HasControlCharacters(p))) return null;
        try
        {
            var current = _root;
            for (int i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (Links.IsLink(current)) return null;
                var kind = FileKind.Of(current);
                if (kind != (i == parts.Length - 1 ? FileKindOf.Regular : FileKindOf.Directory)) return null;
            }
            return IsServable(current) ? current : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    /// <summary>
    /// A file is served only if it is one regular file with one name, inside the site. Asked of the path before opening,
    /// and of /proc/self/fd/N after, which is the file actually opened, whatever was swapped in meanwhile.
    /// </summary>
    internal bool IsServable(string path) =>
        _root is not null && FileKind.Of(path) == FileKindOf.Regular && FileKind.NameCount(path) == 1 && Links.ResolvesInside(_root, path);
}
