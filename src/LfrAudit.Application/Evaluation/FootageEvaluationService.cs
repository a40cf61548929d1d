using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Application.Evaluation;

/// <summary>A footage evaluation as asked for: the clip, its ground truth, the enrolled watchlist, who each entry is in the truth, the threshold.</summary>
/// <param name="TrackIdentities">For truth from an annotation tool: a JSON map from its track ids to identities.</param>
public sealed record FootageEvaluationRequest(string Video, string Truth, string Watchlist, string Identities, Threshold? Threshold, bool Tracking = true,
    string? TrackIdentities = null, TrackRule Rule = TrackRule.BestFrame, int DetectEvery = 1);

/// <summary>
/// A folder of clips with clip-level truth (<c>clip,identity</c>), searched against an enrolled watchlist. Identities: a
/// JSON map from entry ids to the truth's identities, or null when the entry ids are those identities.
/// </summary>
public sealed record ClipsEvaluationRequest(string ClipTruth, string Watchlist, string? Identities, Threshold? Threshold, bool Tracking = true,
    string? ClipsFolder = null, TrackRule Rule = TrackRule.BestFrame, int DetectEvery = 1);

/// <summary>One demographic group's figures on footage: appearances detected, people on the watchlist alerted right, false alerts.</summary>
public sealed record FootageGroup(string Dimension, string Group, Proportion Detected, Proportion Tpir, long FalseAlerts);

/// <summary>The footage figures, overall and per group, at the threshold used.</summary>
public sealed record FootageEvaluationResult(Threshold Threshold, FootageResult Figures, IReadOnlyList<FootageGroup> Groups);

/// <summary>
/// Accuracy on recorded footage with ground truth: every frame through detection and search against an enrolled
/// watchlist, each appearance scored (detected, right alert, wrong candidates), and the same per demographic group.
/// </summary>
/// <param name="openVideo">Opens the clip as a frame source (Vision's video file source).</param>
public sealed class FootageEvaluationService(IStore store, IRecognitionModels models, Func<string, IFrameSource> openVideo)
{
    /// <summary>Evaluates the footage <paramref name="r"/> names against its truth: TPIR per appearance and false alerts.</summary>
    public FootageEvaluationResult Run(FootageEvaluationRequest r, CancellationToken cancellation)
    {
        var map = ReadIdentities(r.Identities);
        using var source = openVideo(r.Video);
        var truth = FootageTruth.Read(r.Truth, source.NominalFps, r.TrackIdentities is { } tracks ? ReadIdentities(tracks) : null);
        var enrolled = store.Watchlists.Find(r.Watchlist) ?? throw new LfrInputException($"watchlist '{r.Watchlist}' is not enrolled in {store.Location}");
        var threshold = r.Threshold ?? models.DefaultThreshold;
        var entryIdentity = enrolled.Entries.Where(e => map.ContainsKey(e.Id.Value)).ToDictionary(e => e.Id, e => map[e.Id.Value]);
        var result = FootageEvaluation.Run(source, truth, models.Detector, models.FaceEmbedder, QualityGate.Default, new WatchlistIndex(enrolled),
            entryIdentity, threshold, cancellation, TrackingOptions.Default with { Enabled = r.Tracking, Rule = r.Rule }, models.Sharpness, r.DetectEvery);
        var groups = LabelsFile.Dimensions.SelectMany(dimension => result.Appearances
                .Where(a => a.Appearance.Groups?.ContainsKey(dimension) == true).GroupBy(a => a.Appearance.Groups![dimension])
                .Select(g =>
                {
                    var members = g.ToHashSet();
                    return new FootageGroup(dimension, g.Key, result.DetectionRate(members.Contains), result.TpirPerAppearance(members.Contains), result.FalseAlerts(members.Contains));
                }))
            .ToList();
        return new FootageEvaluationResult(threshold, result, groups);
    }

    /// <summary>
    /// Every clip of the folder through the same detection, tracking, search and alert rule as a live run, in this one
    /// process with the models loaded once; each clip's outcome reported as it is done.
    /// </summary>
    public (Threshold Threshold, ClipsResult Result) RunClips(ClipsEvaluationRequest r, IProgress<ClipOutcome>? done, CancellationToken cancellation)
    {
        var clips = ClipTruth.Read(r.ClipTruth, r.ClipsFolder);
        var enrolled = store.Watchlists.Find(r.Watchlist) ?? throw new LfrInputException($"watchlist '{r.Watchlist}' is not enrolled in {store.Location}");
        var map = r.Identities is { } path ? ReadIdentities(path) : enrolled.Entries.ToDictionary(e => e.Id.Value, e => e.Id.Value);
        var entryIdentity = enrolled.Entries.Where(e => map.ContainsKey(e.Id.Value)).ToDictionary(e => e.Id, e => map[e.Id.Value]);
        var onWatchlist = entryIdentity.Values.ToHashSet(StringComparer.Ordinal);
        var threshold = r.Threshold ?? models.DefaultThreshold;
        var index = new WatchlistIndex(enrolled);
        var outcomes = new List<ClipOutcome>();
        foreach (var clip in clips)
        {
            cancellation.ThrowIfCancellationRequested();
            using var source = openVideo(clip.File);
            var result = FootageEvaluation.Run(source, clip.Truth(source.NominalFps), models.Detector, models.FaceEmbedder, QualityGate.Default, index,
                entryIdentity, threshold, cancellation, TrackingOptions.Default with { Enabled = r.Tracking, Rule = r.Rule }, models.Sharpness, r.DetectEvery);
            var outcome = new ClipOutcome(clip, clip.Identity is { } who && onWatchlist.Contains(who), result);
            outcomes.Add(outcome);
            done?.Report(outcome);
        }
        return (threshold, new ClipsResult(outcomes));
    }

    /// <summary>Which truth identity each watchlist entry is: a plain JSON map, or the demo's inputs file (its watchlist_identities).</summary>
    public static Dictionary<string, string> ReadIdentities(string path)
    {
        var text = TextFiles.ReadAll(path, "identities file");
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
            var map = node["watchlist_identities"]?.AsObject() ?? node;
            return map.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        { throw new LfrInputException($"{path}: expected a JSON object mapping watchlist entry ids to identities", ex); }
    }
}
