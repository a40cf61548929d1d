using System.IO.Compression;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Application.Audit;

/// <summary>What an uploaded export unpacked to: its folder and the files written there.</summary>
public sealed record ExportUnpacked(string Folder, IReadOnlyList<string> Files, long Bytes);

/// <summary>
/// An audit export handed over as a .zip (the folder <c>lfr audit export</c> wrote, zipped), unpacked safely: only the
/// files an export holds, by their plain names (at the top, or in one folder the archive wraps them in), each read to
/// a byte limit whatever its header claims, written by this code under names it chose. Anything else — a path that
/// climbs, a link, a folder of folders, a name twice, a file an export does not hold, more bytes than allowed — is
/// refused in one line and nothing is left behind.
/// </summary>
public static class ExportArchive
{
    /// <summary>The files an export may hold.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        AuditExport.EntriesFile, AuditExport.HeadsFile, AuditExport.CheckpointFile, AuditExport.VerifierKeyFile, AuditKeys.PublicFile,
    };

    /// <summary>Unpacks <paramref name="zip"/> into <paramref name="folder"/> (created; must not exist), at most <paramref name="maxBytes"/> in all.</summary>
    public static ExportUnpacked Unpack(Stream zip, string folder, long maxBytes, string shown)
    {
        ZipArchive archive;
        try { archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new LfrInputException($"{shown}: not a .zip archive (zip the folder 'lfr audit export' wrote)"); }
        using (archive)
        {
            var files = Chosen(archive, shown);
            if (Directory.Exists(folder) || File.Exists(folder)) throw new InvalidOperationException($"{folder} already exists");
            Directory.CreateDirectory(folder);
            try
            {
                long total = 0;
                foreach (var (name, entry) in files)
                {
                    using var from = entry.Open();
                    using var to = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write);
                    var buffer = new byte[81920];
                    int read;
                    // Counted as read, not as the header says: a header can lie about what inflates.
                    while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        total += read;
                        if (total > maxBytes) throw new LfrInputException($"{shown}: unpacks to more than {maxBytes / (1024 * 1024)} MiB, more than this console reviews");
                        to.Write(buffer, 0, read);
                    }
                }
                if (!files.Any(f => f.Name == AuditExport.EntriesFile) || !files.Any(f => f.Name == AuditExport.HeadsFile))
                    throw new LfrInputException($"{shown}: holds no {AuditExport.EntriesFile} and {AuditExport.HeadsFile}: not an audit export");
                return new ExportUnpacked(folder, [.. files.Select(f => f.Name)], total);
            }
            catch (Exception e) when (e is LfrInputException or InvalidDataException or IOException)
            {
                Directory.Delete(folder, recursive: true);
                throw e is LfrInputException ? e : new LfrInputException($"{shown}: a file in the archive cannot be read ({e.Message.Split('\n')[0]})", e);
            }
        }
    }

    // The archive's files by their plain names, every entry checked before anything is written.
    private static List<(string Name, ZipArchiveEntry Entry)> Chosen(ZipArchive archive, string shown)
    {
        if (archive.Entries.Count > 64) throw new LfrInputException($"{shown}: {archive.Entries.Count} entries, more than an export holds");
        var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList(); // folders are only their files' prefixes
        // Each entry on its own first: what it is and what it is called, so a climbing name is named as such.
        foreach (var e in files)
        {
            // Unix file type bits in the external attributes: a link (or anything but a plain file) is refused.
            int unixType = (e.ExternalAttributes >> 16) & 0xF000;
            if (unixType is not (0 or 0x8000))
                throw new LfrInputException($"{shown}: '{SafeText.Escape(e.FullName)}' is not a plain file (a link or a device): refused");
            if (e.FullName.Contains('\\') || e.FullName.StartsWith('/') || e.FullName.Split('/').Any(p => p is "." or ".."))
                throw new LfrInputException($"{shown}: '{SafeText.Escape(e.FullName)}' is not a plain name inside the archive: refused");
        }
        var wrappers = files.Select(e => Folder(e.FullName)).Distinct().ToList();
        if (wrappers.Count > 1 || wrappers is [{ } wrapper] && wrapper.Contains('/'))
            throw new LfrInputException($"{shown}: its files are spread over folders; an export is one folder of files");
        var chosen = new List<(string, ZipArchiveEntry)>();
        foreach (var e in files)
        {
            var name = e.FullName[(e.FullName.LastIndexOf('/') + 1)..];
            if (!Names.Contains(name))
                throw new LfrInputException($"{shown}: '{SafeText.Escape(e.FullName)}' is not a file an audit export holds ({string.Join(", ", Names.Order(StringComparer.Ordinal))})");
            if (chosen.Any(c => c.Item1 == name)) throw new LfrInputException($"{shown}: '{name}' is in the archive twice");
            chosen.Add((name, e));
        }
        return chosen;
    }

    private static string? Folder(string fullName) => fullName.LastIndexOf('/') is var i and > 0 ? fullName[..i] : null;
}
