using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr run: one recognition run of a source against an enrolled watchlist.</summary>
internal static class RunCommand
{
    private static Option<string?> Watchlist => new("--watchlist") { Description = "An enrolled watchlist's name, or a manifest (.yaml) to enrol first (not with --deployment)" };
    private static Option<string?> DeploymentOption => new("--deployment") { Description = "Run as part of this live deployment: its frozen watchlist, threshold and cameras apply" };
    private static Option<string?> ImagesRoot => new("--images-root") { Description = "With a manifest: folder its image paths are relative to" };
    private static Option<string> Source => new("--source") { Description = "A video file, a folder of images, a camera index (0) or a stream URL", Required = true };
    private static Option<string?> ThresholdOption => new("--threshold") { Description = "Cosine similarity in [0,1] at or above which a face alerts (default: the model's calibrated value)" };
    private static Option<string?> Camera => new("--camera") { Description = "Name of the camera, as the deployment names it (default: the deployment's first camera, else camera-1)" };
    private static Option<bool> Json => new("--json") { Description = "Write the run summary as JSON" };

    public static Command Create(CommandBinder bind)
    {
        var run = new Command("run", "Run recognition over a source against a watchlist; alerts go to the store for an operator")
        {
            Watchlist, DeploymentOption, ImagesRoot, WatchlistCommands.AllowAbsolutePaths, Source, ThresholdOption, Camera, Json,
        };
        RecognitionOptions.AddTo(run);
        ModelOptions.AddTo(run);
        bind.Bind(run, Uses.Store | Uses.AuditKey | Uses.Models, Execute);
        return run;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        var sampling = RecognitionOptions.Sampling(c);
        var explicitThreshold = c.Get(ThresholdOption) is { } t ? Threshold.Parse(t) : (Threshold?)null;
        var gate = RecognitionOptions.Gate(c);

        if ((c.Get(Watchlist) is null) == (c.Get(DeploymentOption) is null))
            throw new LfrInputException("give either --watchlist or --deployment");
        using var source = VisionAdapters.OpenSource(c.Get(Source)!, c.Get(RecognitionOptions.DecodeSize));
        using var models = ModelOptions.Open(c);
        using var db = c.OpenDatabase();
        EnrolledWatchlist? watchlist = null;
        if (c.Get(DeploymentOption) is null && (watchlist = ResolveWatchlist(c, models, db)) is null) return ExitCodes.Rejected;
        var request = new RunRequest(watchlist, c.Get(DeploymentOption) is { } id ? new DeploymentId(id) : null, c.Get(Camera) is { } cam ? new CameraId(cam) : null,
            explicitThreshold, gate, sampling) { DetectEvery = c.Get(RecognitionOptions.DetectEvery) };
        var recognition = UseCases.Recognition(db, models, VisionAdapters.Evidence);
        var run = recognition.Prepare(request, models.DefaultThreshold);
        var summary = await Recognise(c, source, run, progress => recognition.RunAsync(source, run, progress, c.Cancellation)).ConfigureAwait(false);
        Report(c, summary, run.Options, run.Watchlist, c.Get(Json));
        return summary.End == RunEnd.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    internal static EnrolledWatchlist? ResolveWatchlist(CommandContext c, RecognitionModels models, IStore db)
    {
        var name = c.Get(Watchlist)!;
        if (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || File.Exists(name))
        {
            var enrolment = UseCases.Enrolment(db, models, VisionAdapters.Images).Enrol(new EnrolmentRequest(name, c.Get(ImagesRoot), false, c.Get(WatchlistCommands.AllowAbsolutePaths)));
            return WatchlistCommands.Report(c, enrolment, name, json: false, briefly: true) == ExitCodes.Ok ? enrolment.Stored : null;
        }
        return db.Watchlists.Find(name)
            ?? throw new LfrInputException($"watchlist '{name}' is not enrolled in {db.Location}: run 'lfr watchlist enroll --manifest FILE' first, or pass the manifest file");
    }

    /// <summary>Runs the pipeline with a progress bar on a terminal, silently when output is redirected.</summary>
    internal static async Task<RunSummary> Recognise(CommandContext c, IFrameSource source, PreparedRun run, Func<IProgress<PipelineProgress>?, Task<RunSummary>> recognise)
    {
        var (watchlist, options) = (run.Watchlist, run.Options);
        c.Log.Information("Run {Run} started: {Source} on {Camera} against {Watchlist} ({Hash}) at threshold {Threshold}",
            options.Run, source.Description, options.Camera, watchlist.Name, watchlist.ContentHash, options.Threshold.Value);
        var summary = !c.Output.IsInteractive ? await recognise(null).ConfigureAwait(false) : await c.Output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"{Markup.Escape(source.Description)}", maxValue: source.LengthInFrames ?? 1);
                task.IsIndeterminate = source.LengthInFrames is null;
                var s = await recognise(new Progress<PipelineProgress>(p =>
                {
                    task.Value = Math.Min(task.MaxValue, p.FramesRead);
                    task.Description = $"{Markup.Escape(source.Description)}: {p.FacesSeen} faces, {p.AlertsRaised} alerts";
                })).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return s;
            }).ConfigureAwait(false);
        foreach (var w in summary.Warnings) c.Output.Problem($"warning: {w}");
        if (summary.End == RunEnd.PlannedEndReached)
            c.Output.Problem($"warning: recognition stopped at the deployment's planned end {CliTime.Show(options.StopAt)}");
        c.Log.Information("Run {Run} {End}: {Frames} frames, {Faces} faces seen, {Searched} searched, {Alerts} alerts, {Fps:F1} fps",
            summary.Run, summary.End, summary.FramesProcessed, summary.FacesSeen, summary.FacesSearched, summary.AlertsRaised, summary.FramesPerSecond);
        return summary;
    }

    internal static void Report(CommandContext c, RunSummary s, PipelineOptions o, EnrolledWatchlist w, bool json)
    {
        if (json)
        {
            c.Output.Json(RunReport.From(s, o, w));
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        c.Output.Line($"run {s.Run} ({s.End.ToString().ToLowerInvariant()}) on {o.Camera} against '{w.Name}' ({w.Entries.Count} entries, hash {w.ContentHash[..12]}…) at threshold {o.Threshold}");
        c.Output.Line(string.Create(inv, $"  frames:  {s.FramesRead} read, {s.FramesProcessed} searched, {s.FramesSkippedBySampling} skipped by sampling ({o.Sampling}), {s.FramesDroppedBehindLive} dropped behind live{(o.DetectEvery > 1 ? $"; faces looked for in {s.FramesDetected} (one in {o.DetectEvery}, more when a face appears or goes missing)" : "")}"));
        c.Output.Line(string.Create(inv, $"  faces:   {s.FacesSeen} seen (tracked people; {s.Detections} detections), {s.FacesSearched} searched in {s.Searches} searches, {s.FacesNotSearchable} below the quality gate, {s.NonMatchesDiscarded} non-matches discarded"));
        c.Output.Line(string.Create(inv, $"  alerts:  {s.AlertsRaised} raised for an operator, {s.RepeatSightings} later sightings attached to them"));
        c.Output.Line(string.Create(inv, $"  speed:   {s.FramesPerSecond:F1} frames per second ({s.Elapsed.TotalSeconds:F1} s)"));
    }
}
