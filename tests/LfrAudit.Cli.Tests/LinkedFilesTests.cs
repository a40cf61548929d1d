using System.Diagnostics;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Files the command line writes never follow a link out of the folder they belong in, key files survive a full
/// disk, and a store on read-only media can still be listed and exported. Links are planted the way an attacker
/// with write access to an output folder would: at any depth, to files and folders, relative and absolute, chained,
/// and pointing at nothing yet (so that writing through them would create a file elsewhere).
/// </summary>
[Trait("Category", "Trust")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(SeededCollection.Name)]
public sealed class LinkedFilesTests(SeededStore seeded, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const string VictimText = "# the victim's own ~/.bashrc: nothing lfr writes may land here\n";
    private readonly TempDir _dir = new();
    private static string LfrDll => Path.Combine(AppContext.BaseDirectory, "lfr.dll");

    public void Dispose() => _dir.Dispose();

    private enum Aim { VictimFile, VictimFolder, Nowhere }

    /// <summary>One planted link: where in the --out folder, what it leads to, written relative or absolute, through how many other links.</summary>
    private sealed record Plant(string Command, string At, Aim Aim, bool Absolute, int Hops)
    {
        public override string ToString() => $"{Command}: {At} -> {Aim} ({(Absolute ? "absolute" : "relative")}, {Hops} hop(s) between)";
    }

    private string Store() => File.Exists(_dir["store.db"]) ? _dir["store.db"] : seeded.CopyInto(_dir);

    private static string[] Command(string command, string store, string outDir) => command == "publish site"
        ? ["publish", "site", "--out", outDir, "--db", store]
        : ["audit", "export", "--out", outDir, "--db", store];

    /// <summary>Every name a clean run writes, and every folder on the way to one: the places a link can be planted.</summary>
    private async Task<string[]> Places(string command)
    {
        var clean = Path.Combine(_dir.Path, $"clean-{command.Replace(' ', '-')}");
        var r = await Lfr.Run(Command(command, Store(), clean));
        Assert.True(r.Exit == 0, r.ToString());
        var files = Directory.EnumerateFiles(clean, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(clean, f).Replace('\\', '/')).ToList();
        var folders = files.SelectMany(f => Enumerable.Range(1, f.Count(c => c == '/')).Select(n => string.Join('/', f.Split('/').Take(n))));
        return [.. files.Concat(folders).Distinct().Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_link_planted_anywhere_in_a_site_or_export_folder_is_refused_in_one_line_and_nothing_inside_or_outside_changes()
    {
        var places = new Dictionary<string, string[]>
        {
            ["publish site"] = await Places("publish site"),
            ["audit export"] = await Places("audit export"),
        };
        Assert.Contains(places["publish site"], p => p.Count(c => c == '/') >= 2); // the site has files two folders deep
        var plants = from command in Gen.Elements(places.Keys.ToArray())
                     from at in Gen.Elements(places[command])
                     from aim in Gen.Elements(Aim.VictimFile, Aim.VictimFolder, Aim.Nowhere)
                     from absolute in Gen.Elements(true, false)
                     from hops in Gen.Choose(0, 2)
                     select new Plant(command, at, aim, absolute, hops);
        int n = 0;
        Prop.ForAll(plants.ToArbitrary(), plant =>
        {
            var root = Directory.CreateDirectory(_dir[$"case-{n++}"]).FullName;
            var (outDir, link) = Lay(root, plant);
            var before = Snapshot(root);

            var r = Lfr.Run(Command(plant.Command, Store(), outDir)).GetAwaiter().GetResult();

            Assert.True(r.Exit == ExitCodes.BadInput, $"{plant}\n{r}");
            var line = Assert.Single(r.ErrorLines);
            Assert.StartsWith("error:", line);
            Assert.Contains(link, line);
            Assert.Contains("symbolic link", line);
            Assert.Equal(before, Snapshot(root)); // the victim's file and folder, the links and the --out folder: all as they were
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    /// <summary>Makes the case's victim (a file, a folder, a name not yet taken), its --out folder and the planted link; returns both paths.</summary>
    private static (string OutDir, string Link) Lay(string root, Plant plant)
    {
        var victim = Directory.CreateDirectory(Path.Combine(root, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, ".bashrc"), VictimText);
        Directory.CreateDirectory(Path.Combine(victim, "etc"));
        var outDir = Directory.CreateDirectory(Path.Combine(root, "out")).FullName;
        var link = Path.Combine(outDir, plant.At);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var target = plant.Aim switch
        {
            Aim.VictimFile => Path.Combine(victim, ".bashrc"),
            Aim.VictimFolder => Path.Combine(victim, "etc"),
            _ => Path.Combine(victim, "written-through-a-link"),
        };
        var hops = Directory.CreateDirectory(Path.Combine(root, "hops")).FullName;
        for (int h = plant.Hops - 1; h >= 0; h--)
        {
            var hop = Path.Combine(hops, $"hop-{h}");
            File.CreateSymbolicLink(hop, Aimed(hop, target, plant.Absolute));
            target = hop;
        }
        File.CreateSymbolicLink(link, Aimed(link, target, plant.Absolute));
        return (outDir, link);
    }

    private static string Aimed(string link, string target, bool absolute) =>
        absolute ? target : Path.GetRelativePath(Path.GetDirectoryName(link)!, target);

    /// <summary>Everything under a folder, links recorded as links (never followed), files by their content.</summary>
    private static string Snapshot(string root)
    {
        var lines = new List<string>();
        void Walk(string dir)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(entry);
                var name = Path.GetRelativePath(root, entry);
                if (info.LinkTarget is { } target) lines.Add($"{name} -> {target}");
                else if (Directory.Exists(entry)) { lines.Add($"{name}/"); Walk(entry); }
                else lines.Add($"{name} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)))}");
            }
        }
        Walk(root);
        return string.Join('\n', lines);
    }

    [Fact]
    public async Task A_hard_link_in_the_out_folder_is_replaced_by_a_new_file_and_the_file_it_shared_is_untouched()
    {
        var victim = _dir["victim-bashrc"];
        File.WriteAllText(victim, VictimText);
        foreach (var (command, name) in new[] { ("publish site", "index.html"), ("audit export", AuditExport.EntriesFile) })
        {
            var outDir = Directory.CreateDirectory(_dir[$"out-{name}"]).FullName;
            Run("ln", victim, Path.Combine(outDir, name)); // a second name for the victim's file: no link to see, the same bytes
            var r = await Lfr.Run(Command(command, Store(), outDir));
            Assert.True(r.Exit == 0, r.ToString());
            Assert.Equal(VictimText, File.ReadAllText(victim));
            Assert.NotEqual(VictimText, File.ReadAllText(Path.Combine(outDir, name)));
        }
        // Written whole, in the same format as ever: no temporary file is left, and the export verifies.
        Assert.Contains("<h1>", File.ReadAllText(Path.Combine(_dir["out-index.html"], "index.html")));
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
        var verified = await Lfr.Run("audit", "verify", _dir[$"out-{AuditExport.EntriesFile}"], "--trust-export-key");
        Assert.True(verified.Exit == 0, verified.ToString());
    }

    [Theory]
    [InlineData(AuditKeys.PrivateFile, true, true)]
    [InlineData(AuditKeys.PrivateFile, true, false)]
    [InlineData(AuditKeys.PublicFile, false, false)]
    [InlineData(AuditKeys.PublicFile, true, true)]
    public async Task Keygen_refuses_a_link_in_a_keys_place_and_writes_nothing_through_it(string name, bool force, bool dangling)
    {
        var keys = Directory.CreateDirectory(_dir["keys"]).FullName;
        var victim = _dir["victim-file"];
        if (!dangling) File.WriteAllText(victim, VictimText);
        var link = Path.Combine(keys, name);
        File.CreateSymbolicLink(link, victim);

        var r = await Lfr.Run(force ? ["audit", "keygen", "--out", keys, "--force"] : ["audit", "keygen", "--out", keys]);

        Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
        Assert.Contains(link, Assert.Single(r.ErrorLines));
        if (dangling) Assert.False(File.Exists(victim), "a key was written through a dangling link");
        else Assert.Equal(VictimText, File.ReadAllText(victim));
        Assert.Equal(new[] { link }, Directory.EnumerateFileSystemEntries(keys)); // no key, no temporary file
    }

    [Fact]
    public async Task A_write_that_fails_like_a_full_disk_leaves_no_key_at_all_and_a_later_keygen_succeeds()
    {
        // Simulates a full disk for any user: a file size limit of 0 (ulimit -f 0) makes every write to a file fail, as a
        // full disk does (EFBIG where a disk says ENOSPC). SIGXFSZ is ignored so that the write fails rather than the
        // process dying, and .NET's W^X double mapping, which needs a file the limit forbids, is turned off.
        var keys = Directory.CreateDirectory(_dir["keys"]).FullName;
        var limited = await Exec(new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" },
            "sh", "-c", "trap '' XFSZ; ulimit -f 0; exec dotnet \"$0\" audit keygen --out \"$1\"", LfrDll, keys);
        Assert.True(limited.Exit == ExitCodes.BadInput, limited.ToString());
        Assert.Contains("audit signing key", Assert.Single(limited.ErrorLines));
        Assert.Empty(Directory.EnumerateFileSystemEntries(keys));

        await KeygenWorks(keys);
    }

    [Fact]
    public async Task On_a_really_full_disk_keygen_fails_in_one_line_leaves_no_key_and_a_later_keygen_succeeds()
    {
        // A real full disk: a 64 KiB tmpfs, filled to its last block, mounted in a private mount namespace (as root, or
        // as anyone where user namespaces are allowed) so that nothing outside these processes ever sees it.
        if (Isolation.MountOptions() is not { } unshare)
        {
            output.WriteLine("no private mount namespace here: the full disk is simulated by the file size limit test only");
            return;
        }
        var disk = Directory.CreateDirectory(_dir["disk"]).FullName;
        const string script = """
            mount -t tmpfs -o size=64k lfr-full "$0" || exit 97
            mkdir "$0/keys"
            dd if=/dev/zero of="$0/filler" bs=4096 2>/dev/null
            dotnet "$1" audit keygen --out "$0/keys"; echo "full: exit $?"
            for f in "$0"/keys/* "$0"/keys/.*; do [ -e "$f" ] && [ "${f##*/}" != . ] && [ "${f##*/}" != .. ] && echo "full: left ${f##*/}"; done
            rm "$0/filler"
            dotnet "$1" audit keygen --out "$0/keys"; echo "freed: exit $?"
            stat -c 'freed: %n %a %s' "$0"/keys/*
            """;
        var r = await Exec(null, "unshare", [.. unshare, "sh", "-c", script, disk, LfrDll]);
        var said = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(r.Exit == 0 && said.Contains($"full: exit {ExitCodes.BadInput}"), r.ToString());
        Assert.DoesNotContain(said, l => l.StartsWith("full: left", StringComparison.Ordinal)); // no empty key, no temporary file
        var full = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error:", full);
        Assert.Contains("No space left on device", full);
        Assert.Contains("freed: exit 0", said);
        Assert.Contains(said, l => l.StartsWith("freed: ", StringComparison.Ordinal) && l.Contains(AuditKeys.PrivateFile) && l.Contains(" 600 "));
    }

    private static async Task KeygenWorks(string keys)
    {
        var r = await Lfr.Run("audit", "keygen", "--out", keys);
        Assert.True(r.Exit == 0, r.ToString());
        var priv = Path.Combine(keys, AuditKeys.PrivateFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(priv));
        using var key = AuditKeys.LoadPrivate(priv);
        using var pub = AuditKeys.LoadPublic(Path.Combine(keys, AuditKeys.PublicFile));
        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), pub.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(keys).Count());
    }

    [Fact]
    public async Task Reading_commands_work_on_a_store_on_read_only_media_and_writing_ones_are_exit_6_in_one_line()
    {
        // Real read-only media: the store's folder bind-mounted read-only in a private mount namespace, so that the file
        // system itself refuses every write (even root's). Where no namespace can be made, the folder and the file are made
        // read-only by their modes instead, which binds any user but root.
        using var media = new TempDir();
        var store = seeded.CopyInto(media);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(store)));
        var unshare = Isolation.MountOptions();
        if (unshare is null) { File.SetUnixFileMode(store, UnixFileMode.UserRead); File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute); }
        Task<LfrResult> OnMedia(params string[] args) => unshare is null ? Lfr.Run(args)
            : Exec(null, "unshare", [.. unshare, "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec dotnet \"$@\"", media.Path, LfrDll, .. args]);
        try
        {
            var list = await OnMedia("deployment", "list", "--db", store);
            Assert.True(list.Exit == 0, list.ToString());
            Assert.Contains("DEMO-", list.Out);
            var alerts = await OnMedia("alerts", "list", "--db", store, "--json");
            Assert.True(alerts.Exit == 0, alerts.ToString());
            var export = await OnMedia("audit", "export", "--out", _dir["export"], "--db", store);
            Assert.True(export.Exit == 0, export.ToString());
            var verified = await Lfr.Run("audit", "verify", _dir["export"], "--trust-export-key");
            Assert.True(verified.Exit == 0, verified.ToString());
            var site = await OnMedia("publish", "site", "--out", _dir["site"], "--db", store);
            Assert.True(site.Exit == 0, site.ToString());
            Assert.True(File.Exists(Path.Combine(_dir["site"], "index.html")));

            foreach (var writing in new[] { new[] { "audit", "head", "--db", store }, ["retention", "enforce", "--db", store] })
            {
                var refused = await OnMedia(writing);
                Assert.True(refused.Exit == ExitCodes.StoreUnavailable, refused.ToString());
                Assert.Contains("read-only", Assert.Single(refused.ErrorLines));
            }
        }
        finally
        {
            File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(store))));
        Assert.False(File.Exists(store + "-wal") || File.Exists(store + "-shm"), "side files were left beside a read-only store");
    }

    [Fact]
    public async Task A_store_on_read_only_media_with_changes_still_in_its_write_ahead_log_is_never_read_without_them()
    {
        // A store copied while a writer had it open: a committed change is in store.db-wal, not yet in store.db. Opening it
        // immutable would show the store as it was before that change; it must be read whole or refused in one line.
        using var media = new TempDir();
        var store = seeded.CopyInto(media);
        using (var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=false"))
        {
            writer.Open();
            using var c = writer.CreateCommand();
            c.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; UPDATE deployments SET location_name = 'Changed In The Log';";
            c.ExecuteNonQuery();
            File.Copy(store, media["copied"]);
            File.Copy(store + "-wal", media["copied-wal"]);
        }
        // The writer's close folded its log into the file; the copies taken while it was open are what was handed over.
        File.Move(media["copied"], store, overwrite: true);
        File.Move(media["copied-wal"], store + "-wal");
        var unshare = Isolation.MountOptions();
        if (unshare is null) { File.SetUnixFileMode(store, UnixFileMode.UserRead); File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute); }
        try
        {
            var r = unshare is null ? await Lfr.Run("deployment", "list", "--db", store)
                : await Exec(null, "unshare", [.. unshare, "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec dotnet \"$@\"", media.Path, LfrDll, "deployment", "list", "--db", store]);
            if (r.Exit == 0) Assert.Contains("Changed In The Log", r.Out); // where SQLite could read the log (root, by modes only)
            else
            {
                Assert.True(r.Exit == ExitCodes.StoreUnavailable, r.ToString());
                Assert.Contains("-wal", Assert.Single(r.ErrorLines));
            }
        }
        finally
        {
            File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    [InlineData("file and folder")]
    public async Task A_store_made_read_only_by_its_modes_is_read_without_a_side_file_and_never_written(string what)
    {
        // The owner's intent is honoured even by root, for whom the modes alone would not stop SQLite from making its side files.
        using var media = new TempDir();
        var store = seeded.CopyInto(media);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(store)));
        if (what.Contains("file")) File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        if (what.Contains("folder")) File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            foreach (var reading in new[] { new[] { "deployment", "list", "--db", store }, ["alerts", "list", "--db", store], ["publish", "site", "--out", _dir["site"], "--db", store] })
            {
                var r = await Lfr.Run(reading);
                Assert.True(r.Exit == 0, r.ToString());
                Assert.False(File.Exists(store + "-wal") || File.Exists(store + "-shm"), $"{string.Join(' ', reading)} made side files beside a read-only store");
            }
            var refused = await Lfr.Run("audit", "head", "--db", store);
            Assert.True(refused.Exit == ExitCodes.StoreUnavailable, refused.ToString());
            Assert.Contains("read-only", Assert.Single(refused.ErrorLines));
        }
        finally
        {
            File.SetUnixFileMode(media.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(store))));
    }

    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(file, args)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private static async Task<LfrResult> Exec(IReadOnlyDictionary<string, string>? environment, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new LfrResult(p.ExitCode, await o, await e);
    }

    /// <summary>How to get a private mount namespace here (unshare's options), or null where none can be made.</summary>
    private static class Isolation
    {
        private static readonly Lazy<string[]?> Options = new(() =>
        {
            foreach (var options in new[] { new[] { "--mount" }, ["--map-root-user", "--mount"] })
            {
                try
                {
                    using var p = Process.Start(new ProcessStartInfo("unshare", [.. options, "sh", "-c", "mount -t tmpfs lfr-probe \"$0\"", Path.GetTempPath()])
                    { RedirectStandardError = true, RedirectStandardOutput = true })!;
                    p.WaitForExit();
                    if (p.ExitCode == 0) return options;
                }
                catch (System.ComponentModel.Win32Exception) { return null; } // no unshare(1)
            }
            return null;
        });

        public static string[]? MountOptions() => Options.Value;
    }
}
