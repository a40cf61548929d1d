using LfrAudit.Testing;
using System.Diagnostics;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Special files, huge files, decompression bombs, control characters in paths, credentials in stream
/// addresses and native libraries' chatter: one clear line each, never a hang, never a leak.
/// </summary>
[Trait("Category", "Trust")]
[Collection(SeededCollection.Name)]
public class HostileFileTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];

    public void Dispose() => _dir.Dispose();

    private string Copy() => seeded.CopyInto(_dir);

    private string Fifo(string name)
    {
        var path = _dir[name];
        Process.Start("mkfifo", path)!.WaitForExit();
        return path;
    }

    private static async Task<LfrResult> Within(Task<LfrResult> run, int seconds = 60)
    {
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(done == run, "the command hung");
        return await run;
    }

    private static void OneError(LfrResult r, int exit, string mentions)
    {
        Assert.True(r.Exit == exit, $"expected exit {exit}\n{r}");
        var line = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error:", line);
        Assert.Contains(mentions, line);
    }

    [Fact]
    public async Task Special_files_as_sources_manifests_keys_and_logs_are_refused_without_blocking()
    {
        Copy();
        var fifo = Fifo("pipe.mp4");
        OneError(await Within(Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", fifo, "--db", Db))), ExitCodes.BadInput, "named pipe");
        OneError(await Within(Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", "/dev/zero", "--db", Db))), ExitCodes.BadInput, "character device");
        OneError(await Within(Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", Fifo("m.yaml"), "--db", Db))), ExitCodes.BadInput, "named pipe");
        OneError(await Within(Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", "/dev/zero", "--db", Db))), ExitCodes.BadInput, "character device");
        OneError(await Within(Lfr.Run("audit", "head", "--db", Db, "--audit-key", Fifo("key.pem"))), ExitCodes.BadInput, "named pipe");
        OneError(await Within(Lfr.Run("deployment", "list", "--db", Db, "--log-file", Fifo("log.json"))), ExitCodes.BadInput, "named pipe");
        OneError(await Within(Lfr.Run("audit", "report", _dir.Path, "--out", Fifo("r.html"), "--trust-export-key")), ExitCodes.BadInput, "export");
    }

    [Fact]
    public async Task An_image_folder_skips_special_huge_and_bomb_images_with_a_warning_each()
    {
        Copy();
        var folder = Directory.CreateDirectory(_dir["frames"]).FullName;
        File.Copy(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0002.jpg"), Path.Combine(folder, "0001.jpg"));
        Process.Start("mkfifo", Path.Combine(folder, "0002.jpg"))!.WaitForExit();
        using (var huge = File.Create(Path.Combine(folder, "0003.jpg"))) huge.SetLength(100L * 1024 * 1024); // sparse: no disk used
        File.WriteAllBytes(Path.Combine(folder, "0004.png"), PngDeclaring(100_000, 100_000));
        File.Copy(SharedData.Dataset("lfw", "images", "Tony_Blair", "Tony_Blair_0002.jpg"), Path.Combine(folder, "0005.jpg"));

        var r = await Within(Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", folder, "--json", "--db", Db)));
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains(r.ErrorLines, l => l.Contains("0002.jpg") && l.Contains("named pipe"));
        Assert.Contains(r.ErrorLines, l => l.Contains("0003.jpg") && l.Contains("MiB limit"));
        Assert.Contains(r.ErrorLines, l => l.Contains("0004.png") && l.Contains("megapixel limit"));
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(r.Out).RootElement.GetProperty("frames_processed").GetInt64());
    }

    // A valid PNG signature and IHDR declaring a huge canvas, with nothing behind it: the classic decompression bomb's header.
    private static byte[] PngDeclaring(uint width, uint height)
    {
        var b = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(b, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
        b[24] = 8; b[25] = 2;
        return b;
    }

    [Fact]
    public async Task Manifest_images_outside_the_images_folder_are_refused_unless_allowed()
    {
        Copy();
        var images = Directory.CreateDirectory(_dir["images"]).FullName;
        File.Copy(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0001.jpg"), Path.Combine(images, "inside.jpg"));
        var outside = SharedData.Dataset("lfw", "images", "Hugo_Chavez", "Hugo_Chavez_0001.jpg");
        var manifest = _dir["wl.yaml"];
        File.WriteAllText(manifest, $$"""
            name: escape
            entries:
              - {id: E-1, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [inside.jpg]}
              - {id: E-2, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: ['{{outside}}']}
              - {id: E-3, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [../../../../../../etc/passwd]}
            """);
        var r = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", manifest, "--images-root", images, "--json", "--db", Db));
        Assert.True(r.Exit == 0, r.ToString());
        var json = System.Text.Json.JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal((1, 2), (json.GetProperty("enrolled").GetInt32(), json.GetProperty("rejected").GetInt32()));
        Assert.All(json.GetProperty("entries").EnumerateArray().Skip(1), e => Assert.Contains("outside the images folder", e.GetProperty("problems")[0].GetString()));

        var allowed = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", manifest, "--images-root", images, "--allow-absolute-paths", "--json", "--db", Db));
        var json2 = System.Text.Json.JsonDocument.Parse(allowed.Out).RootElement;
        Assert.Equal(2, json2.GetProperty("enrolled").GetInt32()); // /etc/passwd is then read, and is no image
    }

    [Fact]
    public async Task Control_characters_in_paths_come_out_escaped_on_one_line()
    {
        Copy();
        var r = await Lfr.Run(Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", "evil\nerror: forged line\u001b[2J.mp4", "--db", Db));
        OneError(r, ExitCodes.BadInput, "evil\\u000aerror: forged line\\u001b[2J.mp4");
        Assert.DoesNotContain('\u001b', r.Error);
    }

    [Fact]
    public async Task Stream_credentials_appear_nowhere_and_native_warnings_stay_off_stderr()
    {
        Copy();
        var log = _dir["log.json"];
        var r = await Lfr.RunProcess(null, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", "rtsp://sgt-vimes:hunter2@127.0.0.1:9/cam?token=s3cr3t",
            "--db", Db, "--log-file", log, "--log-level", "debug"));
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains("rtsp://***@127.0.0.1:9/cam", r.Error);
        foreach (var secret in new[] { "hunter2", "s3cr3t", "sgt-vimes" })
        {
            Assert.DoesNotContain(secret, r.Out + r.Error);
            foreach (var f in Directory.GetFiles(_dir.Path))
                Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f)));
        }

        // FFmpeg's own "moov atom not found" goes to the debug log, not onto stderr around our one line.
        var truncated = _dir["truncated.mp4"];
        File.WriteAllBytes(truncated, File.ReadAllBytes(SharedData.Dataset("videos", "face_recognition_short_hamilton_clip.mp4"))[..300_000]);
        var t = await Lfr.RunProcess(null, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", truncated, "--db", Db));
        Assert.Equal(ExitCodes.BadInput, t.Exit);
        Assert.Single(t.ErrorLines);
    }
}
