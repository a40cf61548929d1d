using System.Runtime.InteropServices;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Symbolic links, seen as links rather than followed. A link planted in a folder we write into or serve from
/// would carry a write or a read to wherever it points (a signing key, ~/.bashrc, /etc, /proc), so those folders
/// are checked entry by entry, never through <see cref="File.Exists"/> and friends, which follow links.
/// </summary>
public static class Links
{
    /// <summary>True when the path's last component is a symbolic link, dangling or not.</summary>
    public static bool IsLink(string path) => Target(path) is not null;

    /// <summary>What a link says it points to (as written in the link, not resolved); null when the path is not a link.</summary>
    public static string? Target(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // not readable as a link: whatever uses the path next fails on it by name
        }
    }

    /// <summary>True when anything has that name: a file, a folder, a special file or a link (even one pointing nowhere).</summary>
    public static bool EntryExists(string path) => IsLink(path) || FileKind.Of(path) != FileKindOf.Missing;

    /// <summary>The path with every link and '..' resolved (realpath(3)); null when some part of it does not exist.</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows()) return Path.GetFullPath(path);
        if (string.IsNullOrEmpty(path) || path.Contains('\0')) return null;
        var resolved = Resolve(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Marshal.FreeHGlobal(resolved); } // realpath's buffer comes from malloc, which FreeHGlobal releases on Unix
    }

    /// <summary>True when the path, all links resolved, is the folder itself or lies inside it (the folder's own links resolved too).</summary>
    public static bool ResolvesInside(string folder, string path)
    {
        var root = RealPath(folder);
        var real = RealPath(path);
        if (root is null || real is null) return false;
        var prefix = root.EndsWith('/') ? root : root + "/";
        return real == root || real.StartsWith(prefix, StringComparison.Ordinal);
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr Resolve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);
}
