using System.Text.Json;
using LfrAudit.Testing;
using LfrAudit.Cli.Output;
using LfrAudit.Vision.Catalogue;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Bad input never crashes or loses data: each case is one clear error line naming the file and the
/// problem, a distinct non-zero exit code, and the store holds exactly what it held before.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class BadInputTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];
    private static string Manifest => System.IO.Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml");

    public void Dispose() => _dir.Dispose();

    private string Copy()
    {
        System.IO.File.Copy(seeded.Path, Db, overwrite: true);
        return Db;
    }

    private (long Alerts, long Watchlists, long Runs, long Counts) Contents()
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM alerts), (SELECT COUNT(*) FROM watchlists), (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM face_counts)";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
    }

    /// <summary>Runs lfr on a copy of the seeded store and checks the failure is clean and nothing was lost.</summary>
    private async Task<LfrResult> Refused(int exit, string mentions, params string[] args)
    {
        Copy();
        var before = Contents();
        var result = await Lfr.Run([.. args, "--db", Db]);
        Assert.True(result.Exit == exit, $"expected exit {exit}\n{result}");
        var errors = result.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line\n{result}");
        Assert.Contains(mentions, errors[0]);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
        var after = Contents();
        Assert.Equal(before.Alerts, after.Alerts);
        Assert.Equal(before.Watchlists, after.Watchlists);
        Assert.True(after.Runs >= before.Runs && after.Counts >= before.Counts);
        return result;
    }

    private string File(string name, byte[] bytes)
    {
        var path = _dir[name];
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string[] Run(string source, params string[] more) =>
        Lfr.WithModels(["run", "--watchlist", "demo-watchlist", "--source", source, .. more]);

    [Fact]
    public async Task Corrupt_video()
    {
        var noise = File("noise.mp4", Enumerable.Range(0, 40_000).Select(i => (byte)(i * 31 % 253)).ToArray());
        await Refused(ExitCodes.BadInput, "noise.mp4", Run(noise));
    }

    [Fact]
    public async Task Truncated_video_is_processed_as_far_as_it_goes_or_refused_clearly()
    {
        var bytes = System.IO.File.ReadAllBytes(SharedData.Dataset("videos", "intel-sample-videos_preview_classroom.mp4"));
        var cut = File("cut.mp4", bytes[..(bytes.Length * 2 / 3)]);
        Copy();
        var before = Contents();
        var result = await Lfr.Run([.. Run(cut), "--db", Db]);
        Assert.True(result.Exit is ExitCodes.Ok or ExitCodes.BadInput, result.ToString());
        Assert.Contains("cut.mp4", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.True(Contents().Alerts >= before.Alerts);
    }

    [Fact]
    public async Task Missing_source() => await Refused(ExitCodes.BadInput, "nowhere.mp4", Run(_dir["nowhere.mp4"]));

    [Fact]
    public async Task A_non_image_non_video_file_as_source() =>
        await Refused(ExitCodes.BadInput, "notes.txt", Run(File("notes.txt", "hello"u8.ToArray())));

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("high")]
    public async Task Threshold_out_of_range(string t) =>
        await Refused(ExitCodes.BadInput, "threshold", Run(SharedData.Dataset("lfw", "images", "Colin_Powell"), "--threshold", t));

    [Fact]
    public async Task Unknown_watchlist() =>
        await Refused(ExitCodes.BadInput, "'nobody-list' is not enrolled", Lfr.WithModels("run", "--watchlist", "nobody-list", "--source", SharedData.Dataset("lfw", "images", "Colin_Powell")));

    [Fact]
    public async Task Malformed_watchlist_yaml_names_file_and_line()
    {
        var yaml = File("bad.yaml", "name: x\nentries:\n  - id: WL-1\n    images: [unclosed\n"u8.ToArray());
        var r = await Refused(ExitCodes.BadInput, "bad.yaml:", Lfr.WithModels("watchlist", "enroll", "--manifest", yaml));
        Assert.Contains("not valid YAML", r.Error);
    }

    [Fact]
    public async Task Duplicate_ids_no_face_and_many_faces_are_reported_per_entry_and_strict_refuses_the_list()
    {
        var blank = File("blank.png", new OpenCvSharp.Mat(200, 200, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(90)).ImEncode(".png"));
        var manifest = File("dupes.yaml", System.Text.Encoding.UTF8.GetBytes($$"""
            name: dupes
            entries:
              - {id: D-1, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [{{SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0001.jpg")}}]}
              - {id: D-1, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [{{SharedData.Dataset("lfw", "images", "Hugo_Chavez", "Hugo_Chavez_0001.jpg")}}]}
              - {id: D-2, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [{{blank}}]}
              - {id: D-3, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [{{SharedData.Dataset("deepface", "images", "selfie-many-people.jpg")}}]}
            """));
        var strict = await Refused(ExitCodes.Rejected, "--strict", Lfr.WithModels("watchlist", "enroll", "--manifest", manifest, "--strict", "--allow-absolute-paths"));
        Assert.Contains("duplicate id 'D-1'", strict.Out);
        Assert.Contains("no searchable face", strict.Out);
        Assert.Contains("faces found", strict.Out);

        Copy();
        var lenient = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", manifest, "--json", "--allow-absolute-paths", "--db", Db));
        Assert.Equal(ExitCodes.Ok, lenient.Exit);
        var json = System.Text.Json.JsonDocument.Parse(lenient.Out).RootElement;
        Assert.Equal(1, json.GetProperty("enrolled").GetInt32());
        Assert.Equal(3, json.GetProperty("rejected").GetInt32());
        Assert.True(json.GetProperty("stored").GetBoolean());
    }

    /// <summary>A models folder with the real detector and the given bytes as the embedder file.</summary>
    private string ModelsWithEmbedder(byte[] embedderBytes)
    {
        var models = Directory.CreateDirectory(_dir["models"]).FullName;
        var detector = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var embedderPath = System.IO.Path.Combine(models, ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder).File);
        System.IO.File.Copy(SharedData.Models.PathOf(detector), System.IO.Path.Combine(models, detector.File));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(embedderPath)!);
        System.IO.File.WriteAllBytes(embedderPath, embedderBytes);
        return models;
    }

    [Fact]
    public async Task Truncated_model_names_the_file_and_the_fix()
    {
        var embedder = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var models = ModelsWithEmbedder(System.IO.File.ReadAllBytes(SharedData.Models.PathOf(embedder))[..50_000]);
        var r = await Refused(ExitCodes.ModelProblem, embedder.File, "run", "--watchlist", "demo-watchlist", "--source", SharedData.Dataset("lfw", "images", "Colin_Powell"), "--models", models);
        Assert.Contains("lfr models fetch", r.Error);
    }

    [Fact]
    public async Task A_wrong_model_file_in_place_of_the_embedder()
    {
        var embedder = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var models = ModelsWithEmbedder(System.IO.File.ReadAllBytes(SharedData.Models.PathOf(ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector))));
        await Refused(ExitCodes.ModelProblem, embedder.File, "watchlist", "enroll", "--manifest", Manifest, "--images-root", SharedData.DatasetsDir, "--models", models);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("159")]
    [InlineData("4097")]
    [InlineData("1e3")]
    [InlineData("-640")]
    [InlineData("NaN")]
    public async Task A_detection_size_out_of_range(string size) =>
        await Refused(ExitCodes.BadInput, "--detect-size", Run(SharedData.Dataset("lfw", "images", "Colin_Powell"), "--detect-size", size));

    [Fact]
    public async Task Cuda_on_this_build() =>
        await Refused(ExitCodes.BadInput, "LfrGpu", Run(SharedData.Dataset("lfw", "images", "Colin_Powell"), "--device", "cuda"));

    [Fact]
    public async Task A_store_that_is_not_a_database()
    {
        var r = await Lfr.Run("alerts", "list", "--db", File("junk.db", new byte[4096]));
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains("junk.db", r.Error);
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors()
    {
        var r = await Lfr.Run("run", "--frobnicate");
        Assert.Equal(ExitCodes.Usage, r.Exit);
        Assert.Contains("--frobnicate", r.Error);
    }

    [Fact]
    public async Task Models_verify_reports_missing_files_with_a_non_zero_exit()
    {
        var ok = await Lfr.Run("models", "verify", "--models", SharedData.ModelsDir);
        Assert.True(ok.Exit == 0, ok.ToString());
        var missing = await Lfr.Run("models", "verify", "--models", _dir.Path, "--json");
        Assert.Equal(ExitCodes.ModelProblem, missing.Exit);
        Assert.Contains("\"state\": \"missing\"", missing.Out);
    }

    [Fact]
    public async Task A_fusion_has_no_file_of_its_own_its_parts_files_are_verified_and_listed()
    {
        var verify = await Lfr.Run("models", "verify", "--models", SharedData.ModelsDir, "--model", "fusion-mobilefacenet-edgeface-xs", "--json");
        Assert.True(verify.Exit == 0, verify.ToString());
        var checkedIds = JsonDocument.Parse(verify.Out).RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["mobilefacenet-paddlex-128d", "edgeface-xs-g06"], checkedIds);
        var list = await Lfr.Run("models", "list", "--json");
        var fusion = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "fusion-mobilefacenet-edgeface-xs");
        Assert.Equal(["mobilefacenet-paddlex-128d", "edgeface-xs-g06"], fusion.GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        var missing = await Lfr.Run("models", "verify", "--models", _dir.Path, "--model", "fusion-mobilefacenet-edgeface-xs");
        Assert.Equal(ExitCodes.ModelProblem, missing.Exit);
    }
}
