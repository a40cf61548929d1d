using LfrAudit.Application.Audit;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Core.Wording;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Scenarios.Demo;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr demo: the demo scenario (a whole deployment on the embedded defaults), narrated on the terminal.</summary>
internal static class DemoCommand
{
    private static Option<string> Out => new("--out") { Description = "Folder for the demo's store, clip, truth and site", DefaultValueFactory = _ => "demo-output" };
    private static Option<string?> Datasets => new("--datasets") { Description = "Folder with the demo images (else $LFR_DATASETS_DIR, else ./demo-data, fetched)" };
    private static Option<string?> ThresholdOption => new("--threshold") { Description = "Similarity threshold (default: the model's calibrated value)" };

    private static Option<bool> Practice => new("--practice")
    {
        Description = "Also leave a practice deployment live with the clip's alerts pending, for a trainee operator to decide in the console (its password is printed once)",
    };

    private static Option<bool> Json => new("--json") { Description = "Write where everything is and what was alerted as JSON (the narration goes to standard error)" };

    public static Command Create(CommandBinder bind)
    {
        var demo = new Command("demo", "Run a whole deployment end to end on the embedded defaults") { Out, Datasets, ThresholdOption, Practice, Json };
        ModelOptions.AddTo(demo);
        bind.Bind(demo, Uses.Store | Uses.Models, Execute);
        return demo;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        var inputs = DemoInputs.Load();
        var (datasets, chosenBy) = DemoInputs.ResolveDatasets(c.Get(Datasets), "--datasets");
        await inputs.EnsureFilesAsync(datasets, chosenBy, c.Output.Line, c.Cancellation).ConfigureAwait(false);
        var threshold = c.Get(ThresholdOption) is { } t ? Threshold.Parse(t) : (Threshold?)null;
        var outDir = Path.GetFullPath(c.Get(Out)!);
        Directory.CreateDirectory(outDir);
        var target = StoreTarget.ForOwnStore(c.Parse, Path.Combine(outDir, "demo.db"));
        // The demo's own simulation clock, composed here: its timeline ends at the time the demo runs (or --now).
        var timeline = DemoTimeline.EndingAt(c.Clock.GetUtcNow());
        var clock = new SimulationClock(timeline.Planned);
        Stores.StartFresh(target, clock);

        using var models = ModelOptions.Open(c);
        using var store = Stores.Open(target, clock, StoreAccess.Write);
        var keyFolder = target.IsCentral ? outDir : target.KeyFolder; // where the store's audit signing key is kept
        var practicePassword = c.Get(Practice) ? PracticePassword.New() : null;
        var r = await new DemoScenario(store, clock, timeline, models, inputs, new Web.Security.IdentityPasswordHashing())
            .RunAsync(new DemoRequest(outDir, store.Location, keyFolder, datasets, threshold, practicePassword), new Narrator(c), c.Cancellation).ConfigureAwait(false);
        if (r.Deployment is not { } d) return ExitCodes.Rejected; // the enrolment said why

        if (c.Get(Json))
            c.Output.Json(new
            {
                deployment = d.Id.Value, expected = r.Expected, alerts = r.Decisions.Count, right = r.Right, wrong = r.Wrong, missed = r.Missed,
                store = r.Store, clip = r.ClipPath, truth = r.TruthPath, site = Path.Combine(r.SiteFolder, "index.html"),
                notice = Path.Combine(r.SiteFolder, "deployments", d.Id.Value, "notice.html"), outcome = Path.Combine(r.SiteFolder, "deployments", d.Id.Value, "outcome.html"),
                audit_export = r.ExportFolder, audit_public_key = Path.Combine(keyFolder, AuditKeys.PublicFile), iag_report = r.IagReportPath, verified = r.Verified,
                practice = r.Practice is { } p ? new
                {
                    deployment = p.Deployment.Value, live_until = p.LiveUntil, user = p.Trainee, password = p.Password, alerts_pending = p.AlertsPending,
                    console = $"lfr console{target.AsOption}",
                } : null,
            });
        c.Output.Line();
        c.Output.Line($"expected alerts for {string.Join(", ", r.Expected)}; raised {r.Decisions.Count} ({r.Right} right, {r.Wrong} false), missed {(r.Missed.Count == 0 ? "none" : string.Join(", ", r.Missed))}");
        c.Output.Line($"store:    {r.Store}" + (target.IsCentral ? $" (site {store.Site})" : ""));
        c.Output.Line($"clip:     {r.ClipPath} (truth: {r.TruthPath})");
        c.Output.Line($"notice:   {Path.Combine(r.SiteFolder, "deployments", d.Id.Value, "notice.html")}");
        c.Output.Line($"outcome:  {Path.Combine(r.SiteFolder, "deployments", d.Id.Value, "outcome.html")}");
        c.Output.Line($"site:     {Path.Combine(r.SiteFolder, "index.html")}");
        // A command that runs as printed: verify refuses an export without a key to trust, and this is the one the demo made.
        c.Output.Line($"audit:    {r.ExportFolder} (check it: lfr audit verify {r.ExportFolder} --public-key {Path.Combine(keyFolder, AuditKeys.PublicFile)})");
        c.Output.Line($"IAG:      {r.IagReportPath}");
        c.Output.Line($"see more: lfr deployment show {d.Id}{target.AsOption}");
        if (r.Practice is { } practice)
        {
            c.Output.Line($"practice: {practice.Deployment} is live until {LondonTime.Show(practice.LiveUntil)} with {English.Count(practice.AlertsPending, "alert")} pending for {practice.Trainee}");
            c.Output.Line($"console:  lfr console{target.AsOption}, then open {ConsoleCommand.DefaultListen} and sign in as {practice.Trainee}, password {practice.Password} (printed only now)");
        }
        if (!r.Verified)
        {
            c.Output.Problem("error: the demo's audit log did not verify");
            return ExitCodes.Failure;
        }
        if (!r.MatchesTruth)
        {
            c.Output.Problem("error: the demo's alerts do not match its ground truth (see the table above)");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }

    private sealed class Narrator(CommandContext c) : IDemoNarrator
    {
        public void Step(int number, string title)
        {
            if (number > 1) c.Output.Line();
            c.Output.Line($"{number}. {title}");
        }

        public void Detail(string text) => c.Output.Line($"   {text}");

        public void Enrolled(EnrolmentResult enrolment, string manifestPath) => WatchlistCommands.Report(c, enrolment, manifestPath, json: false);

        public async Task<RunSummary> Recognise(IFrameSource source, PreparedRun run, Func<IProgress<PipelineProgress>?, Task<RunSummary>> recognise)
        {
            var summary = await RunCommand.Recognise(c, source, run, recognise).ConfigureAwait(false);
            RunCommand.Report(c, summary, run.Options, run.Watchlist, json: false);
            return summary;
        }

        public void Adjudicated(IReadOnlyList<DemoDecision> decisions)
        {
            var table = new Table().AddColumns("alert", "frame", "candidate", "category", "score", "who it really is (demo truth)", "operator", "outcome");
            foreach (var (a, shown, decision, outcome) in decisions)
                table.AddTextRow(a.Id.ToString(), a.Alert.FrameIndex.ToString(CultureInfo.InvariantCulture), a.Alert.Candidate.Value, a.Alert.Category.ToName(),
                    a.Alert.Score.ToString("0.000", CultureInfo.InvariantCulture), shown, decision.Name(), outcome?.Name() ?? "");
            c.Output.Table(table);
        }
    }
}
