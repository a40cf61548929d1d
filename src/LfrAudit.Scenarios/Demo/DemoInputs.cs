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
    /// <summary>The environment variable naming the datasets folder the demo's photos come from.</summary>
    public const string DatasetsVariable = "LFR_DATASETS_DIR";

    /// <summary>The sample watchlist and the demo's inputs, shipped beside the binary.</summary>
    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "watchlists-sample");

    /// <summary>The demo watchlist's manifest.</summary>
    public string ManifestPath => Path.Combine(SampleFolder, Manifest);

    /// <summary>The demo's inputs, read from the sample folder.</summary>
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

/// <summary>A file the demo needs, fetched from its URL and checked by size and SHA-256 if it is missing.</summary>
/// <param name="Path">Where it goes, under the datasets folder.</param>
/// <param name="Url">Where it is fetched from.</param>
/// <param name="Sha256">Its SHA-256.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record DemoFile(string Path, string Url, string Sha256, long Size);

/// <summary>The demo clip to film: its frame rate and size, and who walks in each scene.</summary>
/// <param name="Fps">Frames a second.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FramesPerScene">How long each scene lasts, in frames.</param>
/// <param name="Scenes">Who is in each scene.</param>
public sealed record DemoClipScript(double Fps, int Width, int Height, int FramesPerScene, List<List<DemoPerson>> Scenes);

/// <summary>A person in a demo scene: the photo that walks, and who it shows.</summary>
/// <param name="Image">The photo, under the datasets folder.</param>
/// <param name="Identity">Who it shows (the truth the scripted operator decides by).</param>
public sealed record DemoPerson(string Image, string Identity);
