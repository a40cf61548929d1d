using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Scenarios.Demo;

/// <summary>
/// watchlists-sample/demo-inputs.json: the demo's watchlist manifest, clip script, ground truth and the
/// dataset files it needs (with upstream URL and SHA-256), shipped beside the lfr binary.
/// </summary>
public sealed record DemoInputs(
    string Manifest,
    Dictionary<string, string> WatchlistIdentities,
    DemoClipScript Clip,
    List<DemoFile> Files)
{
    public const string DatasetsVariable = "LFR_DATASETS_DIR";

    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "watchlists-sample");

    public string ManifestPath => Path.Combine(SampleFolder, Manifest);

    public static DemoInputs Load()
    {
        var path = Path.Combine(SampleFolder, "demo-inputs.json");
        if (!File.Exists(path)) throw new LfrInputException($"{path}: demo inputs missing from this lfr build");
        return JsonSerializer.Deserialize<DemoInputs>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)
        { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
    }

    /// <summary>The datasets folder: the one given, else LFR_DATASETS_DIR, else ./demo-data; and what chose it.</summary>
    public static (string Path, string ChosenBy) ResolveDatasets(string? given, string givenBy) =>
        !string.IsNullOrWhiteSpace(given) ? (System.IO.Path.GetFullPath(given), givenBy)
        : Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } env ? (System.IO.Path.GetFullPath(env), DatasetsVariable)
        : (System.IO.Path.GetFullPath("demo-data"), "default ./demo-data");

    /// <summary>Makes sure every file is present and is the exact file named, fetching what is missing.</summary>
    public async Task EnsureFilesAsync(string datasets, string chosenBy, Action<string> say, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var download = new VerifiedDownload(http);
        foreach (var f in Files)
        {
            var path = System.IO.Path.Combine(datasets, f.Path);
            if (!File.Exists(path))
            {
                say($"fetching {f.Path}");
                if (await download.FetchAsync(f.Url, f.Sha256, path, ct).ConfigureAwait(false) is { } problem)
                    throw new LfrInputException($"{path}: missing, and {problem}; give a datasets folder that has it (this one was chosen by {chosenBy})");
            }
            else if (!string.Equals(VerifiedDownload.Sha256Of(path), f.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new LfrInputException($"{path}: not the expected file (SHA-256 differs from demo-inputs.json)");
        }
    }
}

public sealed record DemoFile(string Path, string Url, string Sha256, long Size);

public sealed record DemoClipScript(double Fps, int Width, int Height, int FramesPerScene, List<List<DemoPerson>> Scenes);

public sealed record DemoPerson(string Image, string Identity);
