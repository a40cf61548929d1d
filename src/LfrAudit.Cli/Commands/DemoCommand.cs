using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Pipeline;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Synthesis;
using Spectre.Console;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr demo: a whole small deployment on the embedded defaults — enrol the sample watchlist, write a clip
/// from labelled images, run recognition over it, list the alerts and check them against the clip's truth.
/// </summary>
public static class DemoCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the demo's store, clip and truth", DefaultValueFactory = _ => "demo-output" };
    private static readonly Option<string?> Datasets = new("--datasets") { Description = "Folder with the demo images (else $LFR_DATASETS_DIR, else ./demo-data, fetched)" };
    private static readonly Option<string?> ThresholdOption = new("--threshold") { Description = "Similarity threshold (default: the model's calibrated value)" };

    public static Command Create(CommandBinder bind)
    {
        var demo = new Command("demo", "Run a small deployment end to end on the embedded defaults") { Out, Datasets, ThresholdOption };
        RecognitionModels.AddOptions(demo);
        bind.Bind(demo, Execute);
        return demo;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        var inputs = DemoInputs.Load();
        var (datasets, chosenBy) = DemoInputs.ResolveDatasets(c.Get(Datasets));
        await inputs.EnsureFilesAsync(datasets, chosenBy, c.Output.Line, c.Cancellation).ConfigureAwait(false);
        var threshold = c.Get(ThresholdOption) is { } t ? Threshold.Parse(t) : (Threshold?)null;

        var outDir = Path.GetFullPath(c.Get(Out)!);
        Directory.CreateDirectory(outDir);
        var dbPath = c.Parse.GetValue(GlobalOptions.Database) is { Length: > 0 } given ? given : Path.Combine(outDir, "demo.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);

        using var models = RecognitionModels.Open(c);
        using var db = SqliteDatabase.Open(dbPath);

        c.Output.Line("1. Enrol the sample watchlist");
        var (watchlist, exit) = WatchlistCommands.Enrol(c, models, db, inputs.ManifestPath, datasets, strict: false, json: false);
        if (watchlist is null) return exit;

        c.Output.Line();
        c.Output.Line("2. Write a clip from labelled images nobody enrolled (second photo of each person)");
        var clipPath = Path.Combine(outDir, "demo-clip.avi");
        var scenes = inputs.Clip.Scenes.Select(s => new ClipScene(s.Select(p => (Path.Combine(datasets, p.Image), p.Identity)).ToList(), inputs.Clip.FramesPerScene)).ToList();
        var truth = SyntheticClip.Write(clipPath, scenes, inputs.Clip.Width, inputs.Clip.Height, inputs.Clip.Fps);
        var truthPath = Path.Combine(outDir, "demo-clip.truth.json");
        File.WriteAllText(truthPath, JsonSerializer.Serialize(truth, new JsonSerializerOptions { WriteIndented = true }));
        c.Output.Line($"   {clipPath}: {truth.Frames} frames, {truth.Appearances.Count} appearances of {truth.Appearances.Select(a => a.Identity).Distinct().Count()} people");

        c.Output.Line();
        c.Output.Line("3. Run recognition over the clip");
        using var source = new VideoFileSource(clipPath);
        var options = new PipelineOptions
        {
            Run = RunId.New(c.Clock.UtcNow),
            Camera = new CameraId("demo-camera-1"),
            Threshold = threshold ?? models.DefaultThreshold,
        };
        var summary = await RunCommand.Execute(c, models, db, source, watchlist, options).ConfigureAwait(false);
        RunCommand.Report(c, summary, options, watchlist, json: false);

        c.Output.Line();
        c.Output.Line("4. Alerts waiting for an operator");
        var alerts = new SqliteRunJournal(db, c.Clock).List(options.Run);
        var table = new Table().AddColumns("alert", "frame", "candidate", "category", "score", "who it really is (demo truth)", "right?");
        var enrolledIds = watchlist.Entries.Select(e => e.Id.Value).ToHashSet();
        int correct = 0;
        foreach (var a in alerts)
        {
            var shown = truth.Appearances.Where(p => p.FirstFrame <= a.Alert.FrameIndex && a.Alert.FrameIndex <= p.LastFrame
                && a.Alert.FaceBox.X >= p.X - 40 && a.Alert.FaceBox.X <= p.X + p.Width + 40).Select(p => p.Identity).FirstOrDefault() ?? "?";
            bool right = inputs.WatchlistIdentities.TryGetValue(a.Alert.Candidate.Value, out var who) && who == shown;
            if (right) correct++;
            table.AddRow(a.Id.ToString(), a.Alert.FrameIndex.ToString(CultureInfo.InvariantCulture), a.Alert.Candidate.Value, a.Alert.Category.ToName(),
                a.Alert.Score.ToString("0.000", CultureInfo.InvariantCulture), shown, right ? "yes" : "NO");
        }
        c.Output.Console.Write(table);

        var expected = inputs.WatchlistIdentities.Where(kv => enrolledIds.Contains(kv.Key) && truth.Appearances.Any(p => p.Identity == kv.Value))
            .Select(kv => kv.Key).OrderBy(x => x).ToList();
        var alerted = alerts.Select(a => a.Alert.Candidate.Value).Distinct().OrderBy(x => x).ToList();
        var missed = expected.Except(alerted).ToList();
        int wrong = alerts.Count - correct;
        c.Output.Line();
        c.Output.Line($"expected alerts for {string.Join(", ", expected)}; raised {alerts.Count} ({correct} right, {wrong} false), missed {(missed.Count == 0 ? "none" : string.Join(", ", missed))}");
        c.Output.Line($"store: {dbPath}");
        c.Output.Line($"clip:  {clipPath} (truth: {truthPath})");
        c.Output.Line("see them again with: lfr alerts list --db " + dbPath);
        if (missed.Count > 0 || wrong > 0)
        {
            c.Output.Problem("error: the demo's alerts do not match its ground truth (see the table above)");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }
}
