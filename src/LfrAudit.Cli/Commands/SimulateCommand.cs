using System.Text.Json;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Governance.Stores;
using LfrAudit.Scenarios.Demo;
using LfrAudit.Scenarios.Simulation;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr simulate SCENARIO.yaml: a programme of deployments end to end on the simulation clock, set against its truth.</summary>
internal static class SimulateCommand
{
    private static Argument<string> Scenario => new("scenario") { Description = "The programme to simulate (YAML; see scenarios/ beside lfr)" };
    private static Option<string> Out => new("--out") { Description = "Folder for the programme's store, footage, truth, site, audit export and reports (a folder holding a killed run of the same scenario resumes)", DefaultValueFactory = _ => "simulation-output" };
    private static Option<string?> Datasets => new("--datasets") { Description = "Folder with the labelled sets and clips (else $LFR_DATASETS_DIR, else ./demo-data)" };
    private static Option<bool> Json => new("--json") { Description = "Write the programme report's summary as JSON on standard output" };

    public static Command Create(CommandBinder bind)
    {
        var simulate = new Command("simulate", "Run a programme of deployments end to end on simulated crowds and set it against the truth") { Scenario, Out, Datasets, Json };
        ModelOptions.AddTo(simulate);
        bind.Bind(simulate, Uses.Store | Uses.Models, Execute);
        return simulate;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        var scenario = ScenarioFile.Read(c.Get(Scenario)!);
        var (datasets, _) = DemoInputs.ResolveDatasets(c.Get(Datasets), "--datasets");
        foreach (var set in new[] { "lfw" }.Concat(scenario.Locations.Select(l => l.Scene)))
            if (!Path.Exists(Path.Combine(datasets, set)))
                throw new LfrInputException($"{Path.Combine(datasets, set)}: not found; give the folder with the labelled sets and clips (--datasets or $LFR_DATASETS_DIR)");
        // Outcome reports are due within working days; beyond the bank-holiday table the deadline counts weekdays only
        // (provisional, never later than the true one): say so once, before anything runs.
        var calendar = UseCases.Calendar;
        var beyond = scenario.Deployments.Select(d => d.Date.Year).Concat(scenario.Deployments.Select(d => d.Date.AddDays(14).Year))
            .Where(y => !calendar.CoversYear(y)).Distinct().Order().ToList();
        if (beyond.Count > 0)
            c.Output.Problem($"warning: the bank-holiday table covers {calendar.FirstYear}-{calendar.LastYear} (as of {calendar.AsOf:yyyy-MM-dd}); "
                + $"outcome deadlines in {string.Join(", ", beyond)} count weekdays only and are provisional (scripts/refresh-bank-holidays.sh brings the table up to date)");
        var outDir = Path.GetFullPath(c.Get(Out)!);
        var target = StoreTarget.ForOwnStore(c.Parse, Path.Combine(outDir, "programme.db"));
        // Before anything is written: a folder whose record cannot be resumed, or a disk the footage will not fit on, is refused.
        RequireResumable(new SimulationLayout(outDir), scenario, target);
        RequireRoom(new SimulationLayout(outDir), scenario);
        Directory.CreateDirectory(outDir);

        // The programme's own simulation clock, composed here: it starts at the first step, or where a killed programme's record ends.
        var clock = new SimulationClock(ProgrammeSimulation.ClockStart(scenario, Stores.LatestRecorded(target, c.Clock)));
        using var models = ModelOptions.Open(c);
        using var store = Stores.Open(target, clock, StoreAccess.Write);
        var keyFolder = target.IsCentral ? outDir : target.KeyFolder; // where the store's audit signing key is kept
        var json = c.Get(Json);
        var narrator = new SimulationNarrator(c, quiet: json);
        narrator.Detail($"{scenario.Name}: {scenario.Deployments.Count} deployments at {scenario.Locations.Count} locations, seed {scenario.Seed}, {scenario.Footage.Minutes:0.##} min of {scenario.Footage.Width}x{scenario.Footage.Height} footage per camera");
        var result = await new ProgrammeSimulation(store, clock, models)
            .RunAsync(new SimulationRequest(scenario, outDir, store.Location, keyFolder, datasets), narrator, c.Cancellation).ConfigureAwait(false);
        var r = result.Report;

        if (json)
            c.Output.SerialisedJson(JsonSerializer.Serialize(new
            {
                scenario = r.Scenario, seconds = Math.Round(result.Elapsed.TotalSeconds, 1), steps_resumed = result.StepsResumed,
                deployments = r.Deployments.Count, passers = r.Passers, alerts = r.Alerts, true_alerts = r.TrueAlerts, false_alerts = r.FalseAlerts,
                operator_errors = r.OperatorErrors, projections_within = r.ProjectionsWithin, audit_verified = result.Verification.Ok,
                equitability = r.FieldTrial.Overall.Statement, report = r.JsonPath, html = r.HtmlPath,
            }, new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            var table = new Table().AddColumns("deployment", "date", "passers", "watchlisted", "alerts", "true", "false", "missed", "operator errors", "projected false (95 %)");
            foreach (var d in r.Deployments)
                table.AddTextRow(d.Id, d.Date, d.Passers.ToString(CultureInfo.InvariantCulture), d.WatchlistedPassers.ToString(CultureInfo.InvariantCulture),
                    d.Alerts.ToString(CultureInfo.InvariantCulture), d.TrueAlerts.ToString(CultureInfo.InvariantCulture), d.FalseAlerts.ToString(CultureInfo.InvariantCulture),
                    d.WatchlistedMissed.ToString(CultureInfo.InvariantCulture), (d.ConfirmedWrongly + d.RejectedWrongly).ToString(CultureInfo.InvariantCulture),
                    $"{d.Projection.ExpectedFalseAlerts.ToString("0.0", CultureInfo.InvariantCulture)} ({d.Projection.Low}-{d.Projection.High}){(d.Projection.Within ? "" : " outside")}");
            c.Output.Table(table);
            Say(c, r.FieldTrial.Overall.Statement);
            Say(c, $"report:   {r.HtmlPath} (JSON: {r.JsonPath})");
            Say(c, $"site:     {Path.Combine(result.Layout.Site, "index.html")}");
            // A command that runs as printed: verify refuses an export without a key to trust, and this is the store's own.
            Say(c, $"audit:    {result.Layout.AuditExport} (check it: lfr audit verify {result.Layout.AuditExport} --public-key {Path.Combine(keyFolder, AuditKeys.PublicFile)})");
            Say(c, $"IAG:      {result.Layout.IagReport}");
            Say(c, $"store:    {result.StorePath}");
            c.Output.Line($"took {result.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{(result.StepsResumed > 0 ? $" (resumed after {result.StepsResumed} steps)" : "")}");
        }
        if (!result.Verification.Ok)
        {
            c.Output.Problem($"error: the programme's audit log did not verify: {result.Verification.Problems[0]}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }

    // Names, paths and labels in these lines came from files (the scenario, the labelled sets): escaped, never sent raw to a terminal.
    private static void Say(CommandContext c, string text) => c.Output.Line(SafeText.Escape(text));

    /// <summary>
    /// A folder that holds a programme resumes only from a state file that can be read and a store that is still there:
    /// otherwise the steps done, or the record they made, are lost to the run, which would redo them or fail part-way.
    /// </summary>
    private static void RequireResumable(SimulationLayout layout, ProgrammeScenario scenario, StoreTarget target)
    {
        var state = SimulationState.LoadOrStart(layout.State, scenario.ContentHash);
        if (state.Done.Count == 0 || target.IsCentral || FileKind.Of(target.Location) != FileKindOf.Missing) return;
        throw new LfrInputException($"{FileKind.Show(layout.State)}: records {state.Done.Count} {(state.Done.Count == 1 ? "step" : "steps")} of the programme done, but its store {target.Shown} is missing; "
            + "restore the store, or simulate into another output folder (--out); nothing in this folder was changed");
    }

    /// <summary>The footage still to film (clips already in the folder are kept on a resume) must fit on the disk.</summary>
    private static void RequireRoom(SimulationLayout layout, ProgrammeScenario scenario)
    {
        var perCamera = FootageEstimate.Of(scenario.Footage).Bytes;
        double needed = scenario.Deployments.Sum(d => Enumerable.Range(1, d.Cameras)
            .Count(camera => !File.Exists(layout.Clip(d.Id, ProgrammeSimulation.CameraName(d, camera)))) * perCamera);
        var existing = layout.Root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
        long free;
        try { free = new DriveInfo(existing).AvailableFreeSpace; }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException) { return; } // not knowable here: the writes will say
        if (needed <= free) return;
        throw new LfrInputException($"{FileKind.Show(layout.Root)}: the programme's footage needs about {FootageEstimate.Gigabytes(needed)} and the disk there has "
            + $"{FootageEstimate.Gigabytes(free)} free; free some space, simulate into a folder on a larger disk (--out), or ask for less footage");
    }
}
