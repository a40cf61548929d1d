using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Problems;

namespace LfrAudit.Application.Tests;

/// <summary>
/// An uploaded export unpacks safely whatever the archive holds: generated archives mixing an export's files with names
/// that climb, absolute or backslashed paths, links, nested folders, repeats, strangers' files and oversized contents are
/// either unpacked to exactly the export's files inside the folder chosen, or refused in one line with nothing left behind;
/// and nothing is ever written outside that folder.
/// </summary>
public sealed class ExportArchiveProperties : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lfr-unpack-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string[] NamePool =
    [
        "entries.jsonl", "tree-heads.jsonl", "checkpoint", "checkpoint.vkey", "audit-public-key.pem",
        "export/entries.jsonl", "export/tree-heads.jsonl", "other/checkpoint", "a/b/entries.jsonl",
        "../entries.jsonl", "../../etc/cron.d/x", "/tmp/evil", "..\\evil", "export/../../evil", "./entries.jsonl",
        "notes.txt", "entries.jsonl\u0000.txt", "ENTRIES.JSONL", "export/", "link",
    ];

    private sealed record Item(string Name, int Bytes, bool Link);

    private static byte[] Zip(IEnumerable<Item> items)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var item in items)
            {
                var e = zip.CreateEntry(item.Name);
                if (item.Link) e.ExternalAttributes = unchecked((int)(0xA1FF_0000u)); // a symbolic link, as zip(1) stores one
                using var s = e.Open();
                s.Write(new byte[item.Bytes]);
            }
        return buffer.ToArray();
    }

    [Fact]
    public void Any_archive_is_unpacked_to_exactly_an_exports_files_or_refused_leaving_nothing_and_nothing_lands_outside()
    {
        var items = from name in Gen.Elements(NamePool)
                    from bytes in Gen.Elements(0, 10, 1000, 5000)
                    from link in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
                    select new Item(name, bytes, link);
        // A third of the archives are well-formed exports (optional files, perhaps wrapped in one folder), so unpacking is
        // tried on every run, not only when chance draws a harmless mix; the rest add hostile items to an export or are
        // nothing but hostile items.
        var wellFormed = from wrapper in Gen.Elements("", "export/")
                         from optional in Gen.SubListOf(new[] { "checkpoint", "checkpoint.vkey", "audit-public-key.pem" })
                         from bytes in Gen.Elements(0, 10, 1000)
                         select new[] { new Item(wrapper + "entries.jsonl", 100, false), new Item(wrapper + "tree-heads.jsonl", 50, false) }
                             .Concat(optional.Select(name => new Item(wrapper + name, bytes, false))).ToArray();
        var hostile = from export in Gen.Elements(true, false)
                      from extra in Gen.ListOf(items).Select(l => l.Take(6).ToArray())
                      select export ? [new Item("entries.jsonl", 100, false), new Item("tree-heads.jsonl", 50, false), .. extra] : extra;
        var archives = Gen.OneOf(wellFormed, hostile, hostile);
        int n = 0, unpackedCount = 0, refusedCount = 0;
        Prop.ForAll(archives.ToArbitrary(), archive =>
        {
            var folder = Path.Combine(_root, "box", $"upload-{n++}");
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            var before = Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Length;
            using var zip = new MemoryStream(Zip(archive));
            try
            {
                var unpacked = ExportArchive.Unpack(zip, folder, maxBytes: 8000, "upload.zip");
                unpackedCount++;
                var written = Directory.GetFiles(folder).Select(Path.GetFileName).ToHashSet();
                return written.SetEquals(unpacked.Files) && written.IsSubsetOf(ExportArchive.Names)
                    && written.Contains("entries.jsonl") && written.Contains("tree-heads.jsonl")
                    && Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Length == before + 1 + written.Count
                    && archive.All(i => !i.Link && !i.Name.Contains("..", StringComparison.Ordinal));
            }
            catch (LfrInputException e)
            {
                refusedCount++;
                return !Directory.Exists(folder) && e.Message.StartsWith("upload.zip: ", StringComparison.Ordinal) && !e.Message.Contains('\n')
                    && Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Length == before;
            }
        }).QuickCheckThrowOnFailure();
        Assert.True(unpackedCount > 0 && refusedCount > 0, $"{unpackedCount} unpacked, {refusedCount} refused: both must be tried");
    }

    [Fact]
    public void What_is_not_a_zip_or_inflates_past_the_limit_is_refused_in_one_line()
    {
        var folder = Path.Combine(_root, "one");
        var notZip = Assert.Throws<LfrInputException>(() => ExportArchive.Unpack(new MemoryStream("entries"u8.ToArray()), folder, 1000, "x.zip"));
        Assert.Contains("not a .zip archive", notZip.Message);
        // A file that inflates to far more than its compressed size: counted as read, refused past the limit.
        var bomb = Zip([new Item("entries.jsonl", 4_000_000, false), new Item("tree-heads.jsonl", 1, false)]);
        Assert.True(bomb.Length < 100_000);
        var big = Assert.Throws<LfrInputException>(() => ExportArchive.Unpack(new MemoryStream(bomb), folder, 1_000_000, "x.zip"));
        Assert.Contains("unpacks to more than", big.Message);
        Assert.False(Directory.Exists(folder));
    }
}
