using LfrAudit.Application.Audit;
using LfrAudit.Vision.Models;
using LfrAudit.Core.Ports;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LfrAudit.Application.Runs;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Deployments;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Pipeline;
using LfrAudit.Core.Watchlists;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Synthesis;
using Spectre.Console;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr demo: a whole deployment on the embedded defaults, on a simulated timeline that starts now — enrol
/// the sample watchlist, plan, publish the notice, go live 8 days later, run recognition over a clip made
/// from labelled images, adjudicate the alerts (scripted from the clip's ground truth), end, publish the
/// outcome report, write the public site — and print where everything is.
/// </summary>
public static class DemoCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the demo's store, clip, truth and site", DefaultValueFactory = _ => "demo-output" };
    private static readonly Option<string?> Datasets = new("--datasets") { Description = "Folder with the demo images (else $LFR_DATASETS_DIR, else ./demo-data, fetched)" };
    private static readonly Option<string?> ThresholdOption = new("--threshold") { Description = "Similarity threshold (default: the model's calibrated value)" };

    public static Command Create(CommandBinder bind)
    {
        var demo = new Command("demo", "Run a whole deployment end to end on the embedded defaults") { Out, Datasets, ThresholdOption };
        ModelOptions.AddTo(demo);
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

        using var models = ModelOptions.Open(c);
        using var db = Stores.Open(dbPath, c.Clock, StoreAccess.Write);
        // A fresh store gets a fresh signing key beside it; every step below lands in the audit log.
        var (keyPath, publicKeyPath) = AuditKeys.Generate(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, overwrite: true);
        db.TreeHeadSigner = AuditKeys.LoadPrivate(keyPath);

        // The timeline: planned and announced today, live 8 days later (London time), outcome the next day.
        var today = LondonTime.DateOf(c.Clock.UtcNow);
        var start = LondonTime.StartOf(today.AddDays(8)).AddHours(10);
        var end = start.AddHours(8);

        c.Output.Line("1. Enrol the sample watchlist");
        var (watchlist, exit) = WatchlistCommands.Enrol(c, models, db, inputs.ManifestPath, datasets, strict: false, json: false);
        if (watchlist is null) return exit;

        c.Output.Line();
        c.Output.Line("2. Plan the deployment and publish its notice (at least 7 days ahead)");
        var deployments = db.Deployments;
        var service = UseCases.Deployments(db, c.Clock);
        var publisher = UseCases.Publisher(db);
        var deployment = Deployment.Plan(new DeploymentId($"DEMO-{today:yyyyMMdd}"), new DeploymentLocation("Demo Square", "Exampletown", 51.5072, -0.1276),
            start, end, "Demonstration: locate people wanted for serious offences and missing or vulnerable people",
            new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId("demo-camera-1")], watchlist.Name,
            threshold ?? models.DefaultThreshold, RetentionPolicy.Default, c.Clock.UtcNow);
        deployments.Add(deployment);
        service.Apply(deployment, d => { d.PublishNotice(c.Clock.UtcNow); return publisher.FreezeNotice(d, d.NoticePublishedAt!.Value); });
        c.Output.Line($"   {deployment.Id}: {deployment.Location.Name}, {CliTime.Show(start)} to {CliTime.Show(end)}; notice published {CliTime.Show(deployment.NoticePublishedAt)} (deadline {CliTime.Show(deployment.NoticeDeadline)})");

        c.Output.Line();
        c.Output.Line("3. Go live (the watchlist is frozen) and run recognition over a clip of labelled people");
        service.Apply(deployment, d => { d.Start(start, new FrozenWatchlist(watchlist.Name, watchlist.ContentHash, watchlist.Entries.Count, watchlist.CountByCategory())); return null; });
        var clipPath = Path.Combine(outDir, "demo-clip.avi");
        var scenes = inputs.Clip.Scenes.Select(s => new ClipScene(s.Select(p => (Path.Combine(datasets, p.Image), p.Identity)).ToList(), inputs.Clip.FramesPerScene)).ToList();
        var truth = SyntheticClip.Write(clipPath, scenes, inputs.Clip.Width, inputs.Clip.Height, inputs.Clip.Fps);
        var truthPath = Path.Combine(outDir, "demo-clip.truth.json");
        File.WriteAllText(truthPath, JsonSerializer.Serialize(truth, new JsonSerializerOptions { WriteIndented = true }));
        c.Output.Line($"   {clipPath}: {truth.Frames} frames, {truth.Appearances.Count} appearances of {truth.Appearances.Select(a => a.Identity).Distinct().Count()} people (second photos: not the enrolled ones)");
        var live = new CommandContext(c.Parse, c.Output, c.Log, new SimulatedClock(start.AddMinutes(5)), c.Cancellation);
        using var source = new VideoFileSource(clipPath);
        var run = UseCases.Recognition(db, models, live.Clock).Prepare(new RunRequest(null, deployment.Id, null, null, QualityGate.Default, FrameSampling.All), models.DefaultThreshold);
        var options = run.Options;
        var summary = await RunCommand.Execute(live, models, db, source, run).ConfigureAwait(false);
        RunCommand.Report(c, summary, options, watchlist, json: false);

        c.Output.Line();
        c.Output.Line("4. An operator adjudicates each alert (scripted from the clip's ground truth); officers record outcomes");
        var decidedAt = new SimulatedClock(start.AddMinutes(20));
        var desk = new AdjudicationDesk(db.Adjudications, db.Retention, decidedAt);
        var alerts = db.Runs(c.Clock).List(options.Run);
        var table = new Table().AddColumns("alert", "frame", "candidate", "category", "score", "who it really is (demo truth)", "operator", "outcome");
        int right = 0;
        foreach (var a in alerts)
        {
            var shown = truth.Appearances.Where(p => p.FirstFrame <= a.Alert.FrameIndex && a.Alert.FrameIndex <= p.LastFrame
                && a.Alert.FaceBox.X >= p.X - 40 && a.Alert.FaceBox.X <= p.X + p.Width + 40).Select(p => p.Identity).FirstOrDefault() ?? "?";
            bool correct = inputs.WatchlistIdentities.TryGetValue(a.Alert.Candidate.Value, out var who) && who == shown;
            var decision = desk.Adjudicate(a.Id, correct ? AlertDecision.Confirm : AlertDecision.Reject, "demo-operator", correct ? "matches the reference image" : "different person");
            string outcome = "";
            if (correct)
            {
                right++;
                var o = a.Alert.Category is WatchlistCategory.MissingPerson or WatchlistCategory.VulnerablePerson ? EngagementOutcome.SafeguardingReferral : EngagementOutcome.Arrested;
                outcome = desk.RecordEngagement(a.Id, o, "demo-officer", null).Outcome.Name();
            }
            table.AddTextRow(a.Id.ToString(), a.Alert.FrameIndex.ToString(CultureInfo.InvariantCulture), a.Alert.Candidate.Value, a.Alert.Category.ToName(),
                a.Alert.Score.ToString("0.000", CultureInfo.InvariantCulture), shown, decision.Decision.Name(), outcome);
        }
        c.Output.Console.Write(table);

        c.Output.Line();
        c.Output.Line("5. End the deployment and publish its outcome report (due within 5 working days)");
        service.Apply(deployment, d => { d.End(end); return null; });
        var outcomeAt = LondonTime.StartOf(LondonTime.DateOf(end).AddDays(1)).AddHours(11);
        service.Apply(deployment, d => { d.PublishOutcome(outcomeAt); return publisher.FreezeOutcome(d, outcomeAt); });
        var figures = deployments.Figures(deployment.Id);
        c.Output.Line($"   ended {CliTime.Show(end)}; outcome published {CliTime.Show(outcomeAt)}, due by {CliTime.Show(deployment.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales))}");
        c.Output.Line($"   {figures.FacesSeen} faces seen, {figures.Alerts} alerts, {figures.Confirmed} confirmed, {figures.FalseAlerts} false, {figures.Arrests} arrests");

        c.Output.Line();
        c.Output.Line("6. Write the public site");
        var siteDir = Path.Combine(outDir, "site");
        PublicSite.Write(siteDir, publisher.SiteEntries(), PublicationSettings.Default, outcomeAt);

        c.Output.Line();
        c.Output.Line("7. Sign the audit log, export it for the independent advisory group and verify the export offline");
        var head = db.Audit.IssueTreeHead(db.TreeHeadSigner);
        var (exportDir, _, _) = AuditExport.Write(db.Audit, Path.Combine(outDir, "audit-export"), db.TreeHeadSigner);
        var verification = AuditExport.Verify(exportDir, publicKeyPath); // trusting the key the demo made, not the export's copy
        c.Output.Line($"   {verification.Entries} entries, {verification.Heads} signed tree heads; latest root {head.RootHash[..16]}…: {(verification.Ok ? "verified" : "FAILED: " + verification.Problems[0])}");
        var iagReport = Path.Combine(outDir, "iag-report.html");
        File.WriteAllText(iagReport, LfrAudit.Publishing.Oversight.IagReport.Render(AuditExport.Read(exportDir).Entries,
            verification, WorkingDayCalendar.EnglandAndWales, c.Clock.UtcNow));

        var expected = inputs.WatchlistIdentities.Where(kv => watchlist.Entries.Any(e => e.Id.Value == kv.Key) && truth.Appearances.Any(p => p.Identity == kv.Value))
            .Select(kv => kv.Key).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var missed = expected.Except(alerts.Select(a => a.Alert.Candidate.Value)).ToList();
        int wrong = alerts.Count - right;
        c.Output.Line();
        c.Output.Line($"expected alerts for {string.Join(", ", expected)}; raised {alerts.Count} ({right} right, {wrong} false), missed {(missed.Count == 0 ? "none" : string.Join(", ", missed))}");
        c.Output.Line($"store:    {dbPath}");
        c.Output.Line($"clip:     {clipPath} (truth: {truthPath})");
        c.Output.Line($"notice:   {Path.Combine(siteDir, "deployments", deployment.Id.Value, "notice.html")}");
        c.Output.Line($"outcome:  {Path.Combine(siteDir, "deployments", deployment.Id.Value, "outcome.html")}");
        c.Output.Line($"site:     {Path.Combine(siteDir, "index.html")}");
        c.Output.Line($"audit:    {exportDir} (check it: lfr audit verify {exportDir})");
        c.Output.Line($"IAG:      {iagReport}");
        c.Output.Line($"see more: lfr deployment show {deployment.Id} --db {dbPath}");
        if (!verification.Ok)
        {
            c.Output.Problem("error: the demo's audit log did not verify");
            return ExitCodes.Failure;
        }
        if (missed.Count > 0 || wrong > 0)
        {
            c.Output.Problem("error: the demo's alerts do not match its ground truth (see the table above)");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }

}
