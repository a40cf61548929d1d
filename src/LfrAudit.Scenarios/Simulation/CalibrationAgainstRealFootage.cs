using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Calibration;
using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// A calibration as asked for: the scenario whose footage (size, rate) and location scene are simulated, the datasets
/// folder (with <c>ytf-dev/</c> and <c>lfw/</c>), a seed for the simulated crowd, the operating threshold, a work folder
/// for the footage, truth and embedding cache, and the watchlist's size.
/// </summary>
public sealed record CalibrationRequest(ProgrammeScenario Scenario, string Location, string Datasets, int Seed, Threshold Threshold, string WorkFolder,
    int WatchlistSize = 1000)
{
    /// <summary>
    /// Walks a photo makes by default. One crowd of about 80 walks moves the simulated ratio by about ±0.07 from where
    /// the crowd happens to put people (docs/simulator-calibration.md); three walks each average that to about ±0.04.
    /// </summary>
    public const int DefaultWalks = 3;

    /// <summary>How many times each spare photo walks past the camera, each in another place in the same crowd.</summary>
    public int WalksPerPhoto { get; init; } = DefaultWalks;
}

/// <summary>
/// Measures whether the simulator costs recognition what real footage does, on the same people (issue 28). The people
/// are those of <c>ytf-dev</c> (real clips of LFW people with their LFW photos). Each is enrolled from one photo, their
/// first, as a custody image would be; the watchlist is filled to its size with other LFW people, one photo each. The
/// people's other photos are then (1) searched as stills, (2) walked past the simulated camera in a crowd of strangers
/// (LFW people not on the watchlist), and (3) their real clips are searched: the same detector, tracking, search and
/// alert rule as a live run for both kinds of footage. Only people with a photo to spare take part, so every figure is
/// about the same people.
/// </summary>
public sealed class CalibrationAgainstRealFootage(RecognitionModels models)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs the three measurements and returns the calibration with what was measured on.</summary>
    public async Task<CalibrationResult> RunAsync(CalibrationRequest r, ISimulationNarrator narrator, CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ytf = Path.Combine(r.Datasets, "ytf-dev");
        var photosRoot = Path.Combine(ytf, "photos");
        if (!Directory.Exists(photosRoot)) throw new LfrInputException($"{photosRoot}: not found; the calibration needs ytf-dev (real clips of known people with their photos)");
        var location = r.Scenario.Locations.FirstOrDefault(l => l.Key == r.Location)
            ?? throw new LfrInputException($"location '{r.Location}' is not in the scenario (it has: {string.Join(", ", r.Scenario.Locations.Select(l => l.Key))})");
        Directory.CreateDirectory(r.WorkFolder);

        // The people: the custody photo enrolled, the rest probes; people with one photo are enrolled and take no other part.
        var people = Directory.GetDirectories(photosRoot).Order(StringComparer.Ordinal)
            .Select(d => (Identity: "lfw:" + Path.GetFileName(d), Photos: Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToList()))
            .Where(p => p.Photos.Count > 0).ToList();
        var names = people.Select(p => p.Identity[4..]).ToHashSet(StringComparer.Ordinal);
        var others = LabelsFile.Read(Path.Combine(r.Datasets, "lfw", "labels.csv"), "lfw", identityRequired: true)
            .Where(i => i.Identity is { } id && !names.Contains(id)).GroupBy(i => i.Identity!, StringComparer.Ordinal)
            .Select(g => (Identity: "lfw:" + g.Key, Photo: Path.Combine(r.Datasets, "lfw", g.First().Path)))
            .OrderBy(x => x.Identity, StringComparer.Ordinal).ToList();
        Shuffle(others, new Random(r.Seed));

        var embedder = new ImageEmbedder(VisionAdapters.Images, models.Detector, models.FaceEmbedder, QualityGate.Default,
            new EmbeddingCache(Path.Combine(r.WorkFolder, "cache"), models.FaceEmbedder.ModelId));
        var entries = new List<WatchlistEntry>();
        var templates = new List<(WatchlistEntryId, ReadOnlyMemory<float>)>();
        var identityOf = new Dictionary<WatchlistEntryId, string>();
        var approved = r.Scenario.Deployments[0].Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        int fillersUsed = 0;
        void Enrol(string identity, string photo)
        {
            if (embedder.Embed(photo).Embedding is not { } e) return; // no face: not enrolled
            var id = new WatchlistEntryId($"CAL-{entries.Count + 1:0000}");
            entries.Add(new WatchlistEntry(id, WatchlistCategory.WantedSeriousOffence, "calibration", "calibration", approved, approved.AddYears(10), [photo]));
            templates.Add((id, e));
            identityOf[id] = identity;
        }
        await narrator.Work("enrol the calibration watchlist", r.WatchlistSize, advance =>
        {
            foreach (var p in people) Enrol(p.Identity, p.Photos[0]);
            while (entries.Count < r.WatchlistSize && fillersUsed < others.Count)
            {
                var (who, photo) = others[fillersUsed++];
                Enrol(who, photo);
                advance(entries.Count);
            }
            return Task.FromResult(0);
        }).ConfigureAwait(false);
        var index = new WatchlistIndex(models.FaceEmbedder.Dimension, entries, templates);
        var enrolled = identityOf.Values.ToHashSet(StringComparer.Ordinal);
        var takingPart = people.Where(p => p.Photos.Count > 1 && enrolled.Contains(p.Identity)).ToList();
        if (takingPart.Count == 0) throw new LfrInputException($"{photosRoot}: no person has a second photo: nothing to calibrate on");
        narrator.Detail($"watchlist: {entries.Count} entries; {takingPart.Count} people with {takingPart.Sum(p => p.Photos.Count - 1)} photos to spare take part");

        // (1) Stills: each spare photo searched; a photo with no face found cannot walk either and counts in neither.
        var probes = new List<(string Identity, string Photo)>();
        int stillsFound = 0;
        foreach (var p in takingPart)
            foreach (var photo in p.Photos.Skip(1))
            {
                if (embedder.Embed(photo).Embedding is not { } e) continue;
                probes.Add((p.Identity, photo));
                if (index.Best(e) is { } c && c.Score >= r.Threshold.Value && identityOf[c.Entry] == p.Identity) stillsFound++;
            }
        var stills = new Proportion(stillsFound, probes.Count);
        narrator.Detail($"stills: {stillsFound}/{probes.Count} found");

        // (2) Real clips of the same people.
        var clipsFile = Path.Combine(ytf, "clips.csv");
        var sameClips = LfrAudit.Evaluation.Footage.ClipTruth.Read(clipsFile, Path.Combine(ytf, "clips")).Where(c => takingPart.Any(p => p.Identity == c.Identity)).ToList();
        var real = new List<FootageResult>();
        foreach (var clip in sameClips)
        {
            cancellation.ThrowIfCancellationRequested();
            using var source = VisionAdapters.OpenVideo(clip.File);
            real.Add(FootageEvaluation.Run(source, clip.Truth(source.NominalFps), models.Detector, models.FaceEmbedder, QualityGate.Default, index, identityOf,
                r.Threshold, cancellation, TrackingOptions.Default, models.Sharpness));
        }
        var realAll = real.SelectMany(x => x.Appearances).ToList();
        var realTpir = new Proportion(realAll.Count(a => a.OnWatchlist && a.RightAlert), realAll.Count(a => a.OnWatchlist));
        var realFalse = WronglyAlerted(realAll);
        narrator.Detail($"real clips: {sameClips.Count}; {realTpir.Successes}/{realTpir.Trials} appearances found; {Scores(realAll)}");

        // (3) The same spare photos walking in a simulated crowd of strangers, at the scenario's footage and location.
        var strangers = others.Skip(fillersUsed).Select(o => new CrowdPhoto(o.Identity, o.Photo, new Dictionary<string, string>())).ToList();
        var walking = probes.Select(p => new CrowdPhoto(p.Identity, p.Photo, new Dictionary<string, string> { ["watchlisted"] = "yes" })).ToList();
        var footage = r.Scenario.Footage;
        // Half the passers are watchlisted, drawn without replacement; the clip is planned a third longer than needed and
        // each photo's walks beyond the asked number are dropped, so every photo walks as often as asked and no more
        // (which photos walk would otherwise vary with the draw, and photos differ far more than walks do).
        const double footfall = 40;
        double minutes = 1.3 * 2.0 * walking.Count * r.WalksPerPhoto / footfall;
        var planned = new CrowdLook(footage.Width, footage.Height, footage.Fps, (int)Math.Round(minutes * 60 * footage.Fps),
            Horizon: location.Ground.Horizon, Descent: location.Ground.Descent);
        var faces = new PhotoFaces(models.Detector);
        var walks = new Dictionary<string, int>(StringComparer.Ordinal);
        var probePhotos = probes.Select(p => p.Photo).ToHashSet(StringComparer.Ordinal);
        var drawn = CrowdPlanner.Plan(new CrowdPlanRequest(planned, footfall, 50, walking, strangers, null, r.Seed), faces.Of)
            .Where(w => !probePhotos.Contains(w.Image) || (walks[w.Image] = walks.GetValueOrDefault(w.Image) + 1) <= r.WalksPerPhoto).ToList();
        var walkers = OnePlaceAtATime(drawn);
        var look = planned with { Frames = Math.Max(planned.Frames, walkers.Count == 0 ? 0 : walkers.Max(w => w.LastFrame) + 1) };
        var clipPath = Path.Combine(r.WorkFolder, $"calibration-{location.Key}-{r.Seed}.avi");
        var truthPath = Path.ChangeExtension(clipPath, ".truth.json");
        using (var plate = ScenePlate.Cached(Path.Combine(r.WorkFolder, "scenes", $"{location.Key}-{look.Width}x{look.Height}.png"),
            Path.Combine(r.Datasets, location.Scene), look.Width, look.Height, models.Detector))
        {
            var crowd = await narrator.Work($"film {walkers.Count} passers at {location.Name}", look.Frames, advance => Task.FromResult(
                CrowdClip.Write(clipPath, plate, look, walkers, (ulong)(uint)r.Seed, advance, cancellation))).ConfigureAwait(false);
            File.WriteAllText(truthPath, JsonSerializer.Serialize(crowd, Json));
        }
        var simulated = await narrator.Work("search the simulated footage", look.Frames, _ =>
        {
            using var source = VisionAdapters.OpenVideo(clipPath);
            return Task.FromResult(FootageEvaluation.Run(source, FootageTruth.Read(truthPath), models.Detector, models.FaceEmbedder, QualityGate.Default, index,
                identityOf, r.Threshold, cancellation, TrackingOptions.Default, models.Sharpness));
        }).ConfigureAwait(false);
        var simulatedTpir = simulated.TpirPerAppearance();
        var simulatedFalse = WronglyAlerted(simulated.Appearances);
        narrator.Detail($"simulated: {walkers.Count} passers; {simulatedTpir.Successes}/{simulatedTpir.Trials} watchlisted appearances found; {Scores(simulated.Appearances)}");

        var calibration = new SimulatorCalibration(r.Threshold.Value, stills, realTpir, simulatedTpir, realFalse, simulatedFalse);
        return new CalibrationResult(calibration, location.Key, location.Scene, r.Seed, takingPart.Count, sameClips.Count, entries.Count, look, clipPath, started.Elapsed);
    }

    // Several photos of one person walk: a person is in one place at a time, so a walk that would overlap the same
    // person's earlier one starts when that one ends (the clip grows to hold it).
    private static List<CrowdWalker> OnePlaceAtATime(IReadOnlyList<CrowdWalker> walkers)
    {
        var gone = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<CrowdWalker>();
        foreach (var w in walkers.OrderBy(w => w.EnterFrame))
        {
            var moved = gone.TryGetValue(w.Identity, out var last) && w.EnterFrame <= last ? w with { EnterFrame = last + 1 } : w;
            gone[w.Identity] = moved.LastFrame;
            result.Add(moved);
        }
        return result;
    }

    // FPIR per appearance: appearances that drew at least one wrong alert (FootageResult.FalseAlertsPerAppearance counts
    // the alerts, which can be several for one appearance).
    private static Proportion WronglyAlerted(IReadOnlyList<AppearanceOutcome> outcomes) =>
        new(outcomes.Count(a => a.WrongCandidates.Count > 0), outcomes.Count);

    // How close the watchlisted people came: detected, and the quartiles of their best score for the right entry.
    private static string Scores(IReadOnlyList<AppearanceOutcome> outcomes)
    {
        var mine = outcomes.Where(a => a.OnWatchlist).ToList();
        var best = mine.Select(a => float.IsNaN(a.BestRightScore) ? 0f : a.BestRightScore).Order().ToList();
        string At(double q) => best.Count == 0 ? "-" : best[(int)Math.Min(best.Count - 1, Math.Floor(q * best.Count))].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return $"detected {mine.Count(a => a.Detected)}/{mine.Count}, best right score quartiles {At(0.25)} {At(0.5)} {At(0.75)}";
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}

/// <summary>A calibration and what it was measured on.</summary>
/// <param name="Calibration">The figures.</param>
/// <param name="Location">The scenario location whose scene the crowd walked in front of.</param>
/// <param name="Scene">That location's recorded scene (a path under the datasets folder).</param>
/// <param name="Seed">The simulated crowd's seed.</param>
/// <param name="People">People taking part (on the watchlist, with a photo to spare).</param>
/// <param name="RealClips">Their real clips searched.</param>
/// <param name="WatchlistEntries">Entries on the calibration watchlist.</param>
/// <param name="Look">The simulated footage's size, rate and faults.</param>
/// <param name="Clip">The simulated footage (with its truth beside it).</param>
/// <param name="Elapsed">How long the calibration took.</param>
public sealed record CalibrationResult(SimulatorCalibration Calibration, string Location, string Scene, int Seed, int People, int RealClips, int WatchlistEntries,
    CrowdLook Look, string Clip, TimeSpan Elapsed);
