using System.Runtime.InteropServices;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Whether this process may change a file or a folder. Two things must allow it: the file system (access(2) with
/// W_OK, which answers EROFS on read-only media even to root) and the mode bits (root may write whatever the mode
/// says, but an owner who made a file or folder read-only meant it, so that is honoured too).
/// </summary>
public static class WriteAccess
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const int W_OK = 2;

    /// <summary>Whether this process may write the path: the system says so (access(2)) and the owner has not made it read-only.</summary>
    public static bool Allowed(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            if ((File.GetUnixFileMode(path) & AnyWrite) == 0) return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
        return Access(path, W_OK) == 0;
    }

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
