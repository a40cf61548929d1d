using Microsoft.Extensions.FileProviders;

namespace LfrAudit.Web.Security;

/// <summary>
/// One file of the public site, checked by <see cref="SiteFiles"/>. It has no physical path on purpose: the server
/// would then send the file by name itself, following whatever link stood there by then; instead it is opened here
/// and the file actually opened is checked again (a link swapped in after the first check is caught).
/// </summary>
internal sealed class SiteFile(SiteFiles site, string subpath, string path) : IFileInfo
{
    private readonly FileInfo _info = new(path);

    public bool Exists => true;
    public long Length => _info.Length;
    public string? PhysicalPath => null;
    public string Name => _info.Name;
    public DateTimeOffset LastModified => _info.LastWriteTimeUtc;
    public bool IsDirectory => false;

    public Stream CreateReadStream()
    {
        if (site.Resolve(subpath) != path) throw new SiteFileWithdrawnException();
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        if (OperatingSystem.IsWindows() || site.IsServable($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}")) return stream;
        stream.Dispose();
        throw new SiteFileWithdrawnException();
    }
}

/// <summary>A site file that stopped being servable between being found and being opened: answered as not found.</summary>
internal sealed class SiteFileWithdrawnException() : IOException("the file is no longer a regular file inside the public site");
