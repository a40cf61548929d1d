using System.Runtime.InteropServices;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Untrusted;

/// <summary>What stat(2) says a path is.</summary>
public enum FileKindOf
{
    /// <summary>Nothing there (or a link to nothing).</summary>
    Missing,
    /// <summary>An ordinary file: the only kind read as a file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Directory,
    /// <summary>A character device (/dev/zero, a terminal): reading may never end.</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A named pipe: opening it to read blocks until someone writes.</summary>
    Fifo,
    /// <summary>A Unix socket.</summary>
    Socket,
    /// <summary>Anything else stat(2) can report.</summary>
    Other,
}

/// <summary>
/// What a path really is, following symbolic links. .NET reports a FIFO or a device as an ordinary file, and
/// opening a FIFO for reading blocks until someone writes to it, so paths we are given are checked with
/// stat(2) before anything opens them.
/// </summary>
public static partial class FileKind
{
    /// <summary>What the path is, following symbolic links, without opening it.</summary>
    public static FileKindOf Of(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0')) return FileKindOf.Missing;
        if (OperatingSystem.IsWindows())
            return Directory.Exists(path) ? FileKindOf.Directory : File.Exists(path) ? FileKindOf.Regular : FileKindOf.Missing;
        var buffer = new byte[512]; // larger than struct stat on every Linux ABI
        if (Stat(path, buffer) != 0) return FileKindOf.Missing;
        // st_mode sits at offset 24 on x86-64 (after st_dev, st_ino, st_nlink) and 16 on arm64 (st_nlink comes after it).
        int offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        uint mode = BitConverter.ToUInt32(buffer, offset) & 0xF000;
        return mode switch
        {
            0x8000 => FileKindOf.Regular,
            0x4000 => FileKindOf.Directory,
            0x2000 => FileKindOf.CharacterDevice,
            0x6000 => FileKindOf.BlockDevice,
            0x1000 => FileKindOf.Fifo,
            0xC000 => FileKindOf.Socket,
            _ => FileKindOf.Other,
        };
    }

    /// <summary>
    /// How many names the file has (st_nlink); 0 when it cannot be read. A regular file with more than one is a hard
    /// link, which looks like any file but may be another name for one elsewhere (a key), so nothing served takes it.
    /// </summary>
    public static long NameCount(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0') || OperatingSystem.IsWindows()) return 0;
        var buffer = new byte[512];
        if (Stat(path, buffer) != 0) return 0;
        // st_nlink is 8 bytes at offset 16 on x86-64 (before st_mode); 4 bytes at 20 on arm64 (after st_mode).
        return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? BitConverter.ToInt64(buffer, 16) : BitConverter.ToUInt32(buffer, 20);
    }

    /// <summary>Throws one clear line unless the path is a regular file (a link to one is fine).</summary>
    public static void RequireRegularFile(string path, string what)
    {
        TextFiles.RequireName(path, what);
        var kind = Of(path);
        if (kind == FileKindOf.Regular) return;
        throw new LfrInputException(kind == FileKindOf.Missing
            ? $"{Show(path)}: {what} not found"
            : $"{Show(path)}: {what} is {Describe(kind)}, not a regular file");
    }

    /// <summary>The kind in words, as a message says what a path is instead of a file ("a directory", "a named pipe (FIFO)").</summary>
    public static string Describe(FileKindOf kind) => kind switch
    {
        FileKindOf.Directory => "a directory",
        FileKindOf.CharacterDevice => "a character device",
        FileKindOf.BlockDevice => "a block device",
        FileKindOf.Fifo => "a named pipe (FIFO)",
        FileKindOf.Socket => "a socket",
        FileKindOf.Missing => "missing",
        _ => "a special file",
    };

    /// <summary>A path as it may appear in a message: control characters shown as escapes, never sent raw to a terminal.</summary>
    public static string Show(string path) => SafeText.Escape(path);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
