using System.Security.Cryptography;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// A file written whole beside where it belongs, then renamed into place: a reader sees the old file or the new
/// one, never a part (a full disk leaves nothing behind but what was there before). The temporary file is made new
/// (O_EXCL: never an existing file or a link someone planted under its name) with its final permissions from the
/// start, and flushed to the disk before the rename. The rename replaces the name itself: a link or a hard link
/// that had the name is replaced, and whatever it pointed to is never written.
/// </summary>
public sealed class StagedFile : IDisposable
{
    private readonly string _path;
    private readonly string _what;
    private string? _temporary;

    private StagedFile(string path, string what, string temporary)
    {
        _path = path;
        _what = what;
        _temporary = temporary;
    }

    /// <summary>Writes the bytes to a new temporary file in the destination's folder; <paramref name="mode"/> is the file's permissions from creation.</summary>
    public static StagedFile Write(string path, byte[] bytes, string what, UnixFileMode? mode = null) =>
        Write(path, stream => stream.Write(bytes), what, mode); // unbuffered: a full disk fails here, not later in Dispose

    /// <summary>Writes what <paramref name="fill"/> writes to a new temporary file in the destination's folder.</summary>
    public static StagedFile Write(string path, Action<Stream> fill, string what, UnixFileMode? mode = null)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
        bool created = false;
        try
        {
            using var stream = new FileStream(temporary, options);
            created = true;
            fill(stream);
            stream.Flush(flushToDisk: true);
        }
        // .NET reports EFBIG (the file size limit, RLIMIT_FSIZE, or the file system's own) as ArgumentOutOfRangeException.
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            if (created) Delete(temporary);
            throw new LfrInputException($"{FileKind.Show(path)}: cannot write the {what}: {Reason(ex)}", ex);
        }
        return new StagedFile(full, what, temporary);
    }

    /// <summary>
    /// Puts the file in place. With <paramref name="replace"/> false an existing entry of that name (even a link) is left
    /// as it is and this fails, atomically: another writer that got there first is never overwritten.
    /// </summary>
    public void Commit(bool replace = true)
    {
        var temporary = _temporary ?? throw new InvalidOperationException("already committed");
        try
        {
            if (!replace && Links.EntryExists(_path)) throw new IOException("it already exists");
            // overwrite: false is link(2) then unlink(2) on Unix: it fails if the name was taken meanwhile.
            File.Move(temporary, _path, overwrite: replace);
            _temporary = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LfrInputException($"{FileKind.Show(_path)}: cannot write the {_what}: {Reason(ex)}", ex);
        }
    }

    /// <summary>Removes the temporary file if it was never put in place.</summary>
    public void Dispose()
    {
        if (_temporary is { } t) Delete(t);
        _temporary = null;
    }

    private static void Delete(string temporary)
    {
        try { File.Delete(temporary); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // nothing more can be done; it is a hidden temporary name
    }

    // .NET's message ends with the path it failed on, here a temporary name the reader never asked about.
    private static string Reason(Exception ex) => ex.Message.Split(" : '", 2)[0].Split(" (Parameter", 2)[0].Split('\n')[0].TrimEnd('.');
}
