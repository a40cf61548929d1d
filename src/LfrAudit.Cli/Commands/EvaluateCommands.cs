using LfrAudit.Application.Evaluation;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Tracking;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr evaluate images: accuracy and demographic differences on labelled image sets.</summary>
internal static class EvaluateCommands
{
    private static Option<string> Labels => new("--labels") { Description = "Labels CSV of the watchlist set (path, identity, sex, ethnicity, age_band, …)", Required = true };
    private static Option<string?> Root => new("--root") { Description = "Folder the label paths are relative to (default: the labels file's folder)" };
    private static Option<string[]> Crowd => new("--crowd") { Description = "Labels CSV of an extra non-mated set (repeatable; paths relative to its folder)", AllowMultipleArgumentsPerToken = true };
    private static Option<int> Seed => new("--seed") { Description = "Seed of the enrol/probe and held-out split (recorded)", DefaultValueFactory = _ => 1 };
    private static Option<double> Holdout => new Option<double>("--holdout") { Description = "Fraction of identities held out of the watchlist as non-mated", DefaultValueFactory = _ => 0.5 }.Within(0.05, 0.95);
    private static Option<string?> ThresholdOption => new("--threshold") { Description = "The operational threshold (default: the model's)" };
    private static Option<string> Out => new("--out") { Description = "Folder for report.html, report.json, report.csv and the plots", DefaultValueFactory = _ => "evaluation-output" };
    private static Option<string> Cache => new("--cache") { Description = "Embedding cache folder (by image hash and model)", DefaultValueFactory = _ => Path.Combine(".lfr-cache", "embeddings") };

    public static Command Create(CommandBinder bind)
    {
        var evaluate = new Command("evaluate", "Accuracy and demographic-bias evaluation");
        var images = new Command("images", "Evaluate on labelled image sets: TPIR, FNIR, FPIR overall and per group, with intervals and tests")
        {
            Labels, Root, Crowd, Seed, Holdout, ThresholdOption, Out, Cache, ImagesJson,
        };
        ModelOptions.AddTo(images);
        bind.Bind(images, Uses.Models, Execute);
        evaluate.Subcommands.Add(images);
        evaluate.Subcommands.Add(Footage(bind));
        evaluate.Subcommands.Add(Compare(bind));
        evaluate.Subcommands.Add(Project(bind));
        evaluate.Subcommands.Add(EvaluateSimulatorCommand.Create(bind));
        return evaluate;
    }

    private static Option<bool> ImagesJson => new("--json") { Description = "Write the report (as report.json holds it) on standard output" };

    private static int Execute(CommandContext c)
    {
        using var models = ModelOptions.Open(c, threadsPerModel: 2);
        var request = new ImageEvaluationRequest(c.Get(Labels)!, c.Get(Root), c.Get(Crowd) ?? [], c.Get(Seed), c.Get(Holdout),
            c.Get(ThresholdOption) is { } t ? Threshold.Parse(t) : models.DefaultThreshold, c.Get(Out)!, c.Get(Cache)!);
        var evaluationModels = EvaluationModels.From(models, VisionAdapters.Images);
        var result = c.Output.IsInteractive
            ? c.Output.Console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("embedding images");
                    return ImageSetEvaluationService.Run(request, evaluationModels, c.Clock.GetUtcNow(),
                        new Progress<(int Done, int Total)>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                })
            : ImageSetEvaluationService.Run(request, evaluationModels, c.Clock.GetUtcNow(), new ProgressInTenths("embedding images", c.Output.Problem));
        // --json: the report exactly as report.json holds it, so a tool reads one document either way.
        if (c.Get(ImagesJson)) c.Output.SerialisedJson(File.ReadAllText(Path.Combine(result.OutFolder, "report.json")));
        else Summarise(c, result.Report, request.Threshold.Value, result.OutFolder);
        return ExitCodes.Ok;
    }

    private static Command Compare(CommandBinder bind)
    {
        var embedders = new Option<string[]>("--embedder") { Description = "An embedding model id to compare (give two or more)", Required = true, AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var cmd = new Command("compare", "Evaluate several embedders on the same labelled images and split: TPIR at FPIR 1e-3 and 1 in 6,000, the threshold that gives each, time per image, and which differences are significant")
        {
            Labels, Root, Crowd, Seed, Holdout, embedders, Out, json,
        };
        ModelOptions.AddAllButEmbedderTo(cmd);
        bind.Bind(cmd, Uses.Models, c =>
        {
            var ids = c.Get(embedders) ?? [];
            if (ids.Distinct(StringComparer.OrdinalIgnoreCase).Count() < 2) throw new LfrInputException("give two different models to compare: --embedder A --embedder B");
            foreach (var id in ids) ModelOptions.RequireLicenceAccepted(c, id); // before an hour is spent on the first

            var request = new ImageEvaluationRequest(c.Get(Labels)!, c.Get(Root), c.Get(Crowd) ?? [], c.Get(Seed), c.Get(Holdout), new Threshold(0.5), c.Get(Out)!, "");
            var open = ids.Select(id => (Func<(EvaluationModels, Threshold, IDisposable)>)(() =>
            {
                var models = ModelOptions.Open(c, id, threadsPerModel: 2);
                return (EvaluationModels.From(models, VisionAdapters.Images), models.DefaultThreshold, models);
            })).ToList();
            var comparison = ImageSetEvaluationService.Compare(request, open, c.Clock.GetUtcNow(), new SyncProgress<string>(c.Output.Problem));
            if (c.Get(json)) { c.Output.Json(comparison); return ExitCodes.Ok; }
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("model", "target", "threshold", "TPIR (95 % CI)", "FPIR", "ms per image");
            foreach (var m in comparison.Models)
                foreach (var p in m.Points)
                    table.AddTextRow(m.Model, p.Resolvable ? p.Target : $"{p.Target} (not resolvable: fewer than {1 / p.FpirTarget:0} non-mated searches)",
                        p.Threshold?.ToString("0.000", inv) ?? "not reached",
                        p.Tpir.Rate is { } r ? string.Create(inv, $"{r * 100:0.0} % ({p.Tpir.Successes}/{p.Tpir.Trials}; {p.Tpir.Low * 100:0.0}-{p.Tpir.High * 100:0.0})") : "—",
                        string.Create(inv, $"{p.Fpir.Successes}/{p.Fpir.Trials}"), m.MillisecondsPerImage.ToString("0.0", inv));
            c.Output.Table(table);
            foreach (var d in comparison.Differences)
                Say(c, string.Create(inv, $"  {d.Target}: {d.A} found {d.FoundOnlyByA} that {d.B} missed, {d.B} {d.FoundOnlyByB} that {d.A} missed; McNemar p = {P(d.P)} (Holm {P(d.AdjustedP)}): {(d.Significant ? "SIGNIFICANT" : "not significant")}"));
            static string P(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);
            Say(c, $"reports: {Path.GetFullPath(c.Get(Out)!)} (comparison.html with its figures, comparison.json, comparison.csv, and each model's own report in a folder of its own)");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Project(CommandBinder bind)
    {
        var report = new Option<string>("--report") { Description = "report.json from 'lfr evaluate images' (the measured rates)", Required = true };
        var footfall = new Option<long>("--footfall") { Description = "People expected to pass the cameras", Required = true };
        var size = new Option<int>("--watchlist-size") { Description = "Entries on the watchlist to be used", Required = true };
        var watchlisted = new Option<double>("--watchlisted-per-100k") { Description = "Of every 100,000 passers, how many are on the watchlist", DefaultValueFactory = _ => 5 }.Within(0, 100_000);
        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var cmd = new Command("project", "Project the alerts and false alerts a deployment should expect (with 95 % intervals) from measured rates")
        {
            report, footfall, size, watchlisted, ThresholdOption, json,
        };
        bind.Bind(cmd, Uses.Nothing, c =>
        {
            if (c.Get(footfall) < 0 || c.Get(size) < 1) throw new LfrInputException("--footfall must be 0 or more and --watchlist-size 1 or more");
            var plan = new LfrAudit.Evaluation.Projections.PlannedDeployment(c.Get(footfall), c.Get(size), c.Get(watchlisted));
            var projections = ProjectionService.Project(c.Get(report)!, plan, c.Get(ThresholdOption) is { } t ? Threshold.Parse(t).Value : null);
            if (c.Get(json)) { c.Output.Json(new { footfall = plan.Footfall, watchlist_size = plan.WatchlistSize, watchlisted_per_100k = plan.WatchlistedPer100k, projections }); return ExitCodes.Ok; }
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("threshold", "FPIR at this watchlist size", "false alerts per 100,000 faces", "false alerts expected (95 % of deployments)", "true alerts expected");
            foreach (var p in projections)
                table.AddTextRow(p.Threshold.ToString("0.00", inv), string.Create(inv, $"{p.FpirAtWatchlistSize:P3} ({p.FpirLow:P3}-{p.FpirHigh:P3})"),
                    p.FalseAlertsPer100k.ToString("0.#", inv), string.Create(inv, $"{p.FalseAlerts.Mean:0.#} ({p.FalseAlerts.CountLow}-{p.FalseAlerts.CountHigh})"),
                    string.Create(inv, $"{p.TrueAlerts.Mean:0.#} ({p.TrueAlerts.CountLow}-{p.TrueAlerts.CountHigh})"));
            c.Output.Table(table);
            Say(c, string.Create(inv, $"for {plan.Footfall} passers, a watchlist of {plan.WatchlistSize} and {plan.WatchlistedPer100k} watchlisted passers per 100,000; rates from {c.Get(report)}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Footage(CommandBinder bind)
    {
        var video = new Option<string?>("--video") { Description = "The recorded footage (or --clip-truth for a folder of clips)" };
        var truth = new Option<string?>("--truth") { Description = "Ground truth of --video: lfr's JSON, MOTChallenge gt.txt, CVAT video XML or a walk-past log (person,camera,from,to CSV)" };
        var clipTruth = new Option<string?>("--clip-truth") { Description = "A folder of clips instead: a CSV of clip,identity (the person each clip shows, or 'none'), beside the clips; every clip is evaluated in this one process" };
        var clipsFolder = new Option<string?>("--clips") { Description = "With --clip-truth: the folder the clips are in (default: the CSV's folder)" };
        var watchlist = new Option<string>("--watchlist") { Description = "An enrolled watchlist's name", Required = true };
        var identities = new Option<string?>("--identities") { Description = "JSON mapping each watchlist entry id to the truth's identity (required with --video; with --clip-truth, by default each entry id is the identity)" };
        var json = new Option<bool>("--json") { Description = "Write JSON" };
        var trackIdentities = new Option<string?>("--track-identities") { Description = "With MOTChallenge or CVAT truth: JSON mapping its track ids to identities" };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Search every face of every frame, untracked (to compare with tracking)" };
        var rule = new Option<string>("--track-rule") { Description = "How a person's searches decide an alert: best-frame (any one frame reaches the threshold; the default, as live runs do) or mean (also the mean of their embeddings)", DefaultValueFactory = _ => "best-frame" };
        var cmd = new Command("footage", "Evaluate on footage with ground truth: detection rate, TPIR per appearance, false alerts per appearance and per hour")
        {
            video, truth, clipTruth, clipsFolder, watchlist, identities, trackIdentities, ThresholdOption, noTracking, rule, RecognitionOptions.DetectEvery, json,
        };
        ModelOptions.AddTo(cmd);
        bind.Bind(cmd, Uses.Models | Uses.Store, c =>
        {
            if ((c.Get(video) is null) == (c.Get(clipTruth) is null))
                throw new LfrInputException("give either --video with --truth, or --clip-truth for a folder of clips");
            if (c.Get(clipTruth) is { } clips)
                return Clips(c, new ClipsEvaluationRequest(clips, c.Get(watchlist)!, c.Get(identities),
                    c.Get(ThresholdOption) is { } th ? Threshold.Parse(th) : null, Tracking: !c.Get(noTracking), ClipsFolder: c.Get(clipsFolder), Rule: TrackRules.Parse(c.Get(rule)!),
                    DetectEvery: c.Get(RecognitionOptions.DetectEvery)), c.Get(json));
            if (c.Get(truth) is null || c.Get(identities) is null) throw new LfrInputException("--video needs --truth and --identities");
            using var models = ModelOptions.Open(c, threadsPerModel: 2);
            using var db = c.OpenForReading();
            var request = new FootageEvaluationRequest(c.Get(video)!, c.Get(truth)!, c.Get(watchlist)!, c.Get(identities)!,
                c.Get(ThresholdOption) is { } text ? Threshold.Parse(text) : null, Tracking: !c.Get(noTracking), TrackIdentities: c.Get(trackIdentities),
                Rule: TrackRules.Parse(c.Get(rule)!), DetectEvery: c.Get(RecognitionOptions.DetectEvery));
            var (t, result, groups) = new FootageEvaluationService(db, models, VisionAdapters.OpenVideo).Run(request, c.Cancellation);
            var (detection, tpir, falseAlerts) = (result.DetectionRate(), result.TpirPerAppearance(), result.FalseAlertsPerAppearance());
            if (c.Get(json))
                c.Output.Json(new
                {
                    threshold = t.Value, tracking = request.Tracking, frames = result.Frames, appearances = result.Appearances.Count,
                    detections = result.Detections, faces_seen = result.FacesSeen, searches = result.Searches, alerts = result.Alerts,
                    detected = detection.Successes, detection_rate = detection.Rate,
                    on_watchlist = tpir.Trials, alerted_right = tpir.Successes, tpir_per_appearance = tpir.Rate,
                    false_alerts = falseAlerts.Successes, false_alerts_per_appearance = falseAlerts.Rate,
                    false_alerts_per_hour = double.IsNaN(result.FalseAlertsPerHour) ? (double?)null : result.FalseAlertsPerHour,
                    untracked_face_tracks = result.UntrackedFaceTracks,
                    per_appearance = result.Appearances.Select(a => new { identity = a.Appearance.Identity, first_frame = a.Appearance.FirstFrame,
                        last_frame = a.Appearance.LastFrame, on_watchlist = a.OnWatchlist, frames_with_face = a.FramesWithFace, right_alert = a.RightAlert,
                        wrong_candidates = a.WrongCandidates }),
                });
            else
            {
                var inv = CultureInfo.InvariantCulture;
                Say(c, string.Create(inv, $"footage: {result.Frames} frames, {result.Appearances.Count} appearances, threshold {t}"));
                Say(c, string.Create(inv, $"  faces seen:                {result.FacesSeen} ({(request.Tracking ? "tracked" : "untracked")}) for {result.Appearances.Count} appearances; {result.Detections} detections, {result.Searches} searches, {result.Alerts} alerts"));
                Say(c, string.Create(inv, $"  detection rate:            {detection.Successes}/{detection.Trials} appearances"));
                Say(c, string.Create(inv, $"  TPIR per appearance:       {tpir.Successes}/{tpir.Trials} people on the watchlist alerted for the right entry"));
                Say(c, string.Create(inv, $"  false alerts:              {falseAlerts.Successes} ({falseAlerts.Successes}/{falseAlerts.Trials} per appearance; {result.FalseAlertsPerHour:0.#} per hour of footage)"));
                foreach (var g in groups)
                    Say(c, string.Create(inv, $"  {g.Dimension} {g.Group}: detected {g.Detected.Successes}/{g.Detected.Trials}, TPIR {g.Tpir.Successes}/{g.Tpir.Trials}, false alerts {g.FalseAlerts}"));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // A folder of clips: a line per clip as it is done (on stderr, so --json stays one document), then the figures.
    private static int Clips(CommandContext c, ClipsEvaluationRequest request, bool json)
    {
        var inv = CultureInfo.InvariantCulture;
        using var models = ModelOptions.Open(c, threadsPerModel: 2);
        using var db = c.OpenForReading();
        int n = 0;
        var done = new SyncProgress<Evaluation.Footage.ClipOutcome>(o => c.Output.Problem(string.Create(inv,
            $"clip {++n}: {Path.GetFileName(o.Clip.File)} ({o.Clip.Identity ?? "no one known"}{(o.OnWatchlist ? ", on the watchlist" : "")}): " +
            $"{(o.RightAlert ? "alerted right" : o.OnWatchlist ? "MISSED" : "not alerted")}{(o.FalseAlerts > 0 ? $", {o.FalseAlerts} false alerts" : "")}")));
        var (t, result) = new FootageEvaluationService(db, models, VisionAdapters.OpenVideo).RunClips(request, done, c.Cancellation);
        var all = result.All;
        var (tpir, falseAlerts, strangers) = (all.TpirPerAppearance(), all.FalseAlertsPerAppearance(), result.StrangerClipsAlerted);
        if (json)
        {
            c.Output.Json(new
            {
                threshold = t.Value, model = models.FaceEmbedder.ModelId, tracking = request.Tracking, track_rule = request.Rule.Name(), detect_every = request.DetectEvery, clips = result.Clips.Count, frames = all.Frames, hours = all.Hours,
                tpir_per_appearance = ProportionJson.Of(tpir), false_alerts = falseAlerts.Successes, false_alerts_per_appearance = falseAlerts.Rate,
                false_alerts_per_hour = double.IsNaN(all.FalseAlertsPerHour) ? (double?)null : all.FalseAlertsPerHour,
                stranger_clips_alerted = ProportionJson.Of(strangers), watchlist_clips_wrongly_alerted = ProportionJson.Of(result.WatchlistClipsWronglyAlerted),
                per_clip = result.Clips.Select(o => new { clip = Path.GetFileName(o.Clip.File), identity = o.Clip.Identity, on_watchlist = o.OnWatchlist,
                    alerted_right = o.RightAlert, false_alerts = o.FalseAlerts, frames = o.Result.Frames, faces_seen = o.Result.FacesSeen,
                    best_right_score = Rounded(o.BestRightScore), best_wrong_score = Rounded(o.BestWrongScore) }),
            });
            return ExitCodes.Ok;
        }
        static double? Rounded(float? score) => score is { } v ? Math.Round(v, 4) : null;
        string Pct(Evaluation.Statistics.Proportion p) => p.Rate is { } r
            ? string.Create(inv, $"{r * 100:0.0} % ({p.Successes}/{p.Trials}; 95 % CI {p.Low * 100:0.0}-{p.High * 100:0.0})") : "no clips";
        Say(c, string.Create(inv, $"{result.Clips.Count} clips, {all.Frames} frames ({all.Hours * 60:0.#} minutes), model {models.FaceEmbedder.ModelId}, threshold {t}, track rule {request.Rule.Name()}"));
        Say(c, $"  TPIR per appearance:          {Pct(tpir)} of watchlisted people's clips alerted for the right entry");
        Say(c, string.Create(inv, $"  false alerts:                 {falseAlerts.Successes} ({falseAlerts.Rate:0.###} per appearance; {all.FalseAlertsPerHour:0.#} per hour of footage)"));
        Say(c, $"  strangers' clips alerted:     {Pct(strangers)}");
        Say(c, $"  watchlisted clips with a wrong alert: {Pct(result.WatchlistClipsWronglyAlerted)}");
        return ExitCodes.Ok;
    }

    // Reports each clip on the caller's thread, in order (Progress<T> would post to the thread pool).
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    // Labels, identities and paths in these lines came from files: escaped, never sent raw to a terminal.
    private static void Say(CommandContext c, string text) => c.Output.Line(SafeText.Escape(text));

    private static void Summarise(CommandContext c, EvaluationReport r, double t, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        string Rate(RateFigure f) => f.Rate is { } v
            ? string.Create(inv, $"{v * 100:0.00} % ({f.Successes}/{f.Trials}; 95 % CI {f.WilsonLower * 100:0.00}-{f.WilsonUpper * 100:0.00}{(f.BootstrapLower is { } bl ? string.Create(inv, $"; by person {bl * 100:0.00}-{f.BootstrapUpper * 100:0.00}") : "")})")
            : f.NotEnoughData ?? "—";
        Say(c, string.Create(inv, $"threshold {t}: {r.Counts["mated_searches"]} mated and {r.Counts["non_mated_searches"]} non-mated searches; {r.Counts["enrolled_identities"]} identities enrolled"));
        var at = r.Figures.Where(f => Math.Abs(f.Threshold - t) < 1e-9).ToList();
        var table = new Table().AddColumns("metric", "dimension", "group", "rate (count; 95 % intervals)");
        foreach (var f in at.Where(f => f.Metric != "FNIR" && !f.Dimension.Contains('×')))
            table.AddTextRow(f.Metric, f.Dimension, f.Group, Rate(f));
        c.Output.Table(table);
        foreach (var s in r.Supported.Where(s => !s.Contains('×'))) Say(c, $"  {s}");
        foreach (var v in r.Comparisons.Where(v => !v.Dimension.Contains('×'))) Say(c, $"  - {v.Verdict}");
        foreach (var x in r.TargetThresholds.Where(x => x.Dimension == "all" || x.Dimension == "sex"))
            Say(c, $"  FPIR {x.Target} for {x.Dimension}={x.Group}: {(x.Threshold is { } th ? "threshold " + th.ToString("0.00", inv) : x.Note)}");
        if (r.Problems.Count > 0) c.Output.Problem($"warning: {r.Problems.Count} images could not be read (first: {r.Problems[0]})");
        Say(c, $"report: {Path.Combine(outDir, "report.html")} (with report.json, report.csv and the plots)");
    }
}
