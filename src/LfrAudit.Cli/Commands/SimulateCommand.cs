using System.Text.Json;
using LfrAudit.Application.Demo;
using LfrAudit.Application.Simulation;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Core.Time;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr simulate SCENARIO.yaml: a programme of deployments end to end on the simulation clock, set against its truth.</summary>
public static class SimulateCommand
{
    private static readonly Argument<string> Scenario = new("scenario") { Description = "The programme to simulate (YAML; see scenarios/ beside lfr)" };
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the programme's store, footage, truth, site, audit export and reports (a folder holding a killed run of the same scenario resumes)", DefaultValueFactory = _ => "simulation-output" };
    private static readonly Option<string?> Datasets = new("--datasets") { Description = "Folder with the labelled sets and clips (else $LFR_DATASETS_DIR, else ./demo-data)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write the programme report's summary as JSON on standard output" };

    public static Command Create(CommandBinder bind)
    {
        var simulate = new Command("simulate", "Run a programme of deployments end to end on simulated crowds and set it against the truth") { Scenario, Out, Datasets, Json };
        ModelOptions.AddTo(simulate);
        bind.Bind(simulate, Execute);
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
        Directory.CreateDirectory(outDir);
        var target = StoreTarget.ForOwnStore(c.Parse, Path.Combine(outDir, "programme.db"));

        // The programme's own simulation clock, composed here: it starts at the first step, or where a killed programme's record ends.
        var clock = new SimulationClock(ProgrammeSimulation.ClockStart(scenario, Stores.LatestRecorded(target, c.Clock)));
        using var models = ModelOptions.Open(c);
        using var store = Stores.Open(target, clock, StoreAccess.Write);
        var json = c.Get(Json);
        var narrator = new Narrator(c, quiet: json);
        narrator.Detail($"{scenario.Name}: {scenario.Deployments.Count} deployments at {scenario.Locations.Count} locations, seed {scenario.Seed}, {scenario.Footage.Minutes:0.##} min of {scenario.Footage.Width}x{scenario.Footage.Height} footage per camera");
        var result = await new ProgrammeSimulation(store, clock, models)
            .RunAsync(new SimulationRequest(scenario, outDir, store.Location, target.IsCentral ? outDir : target.KeyFolder, datasets), narrator, c.Cancellation).ConfigureAwait(false);
        var r = result.Report;

        if (json)
            c.Output.Line(JsonSerializer.Serialize(new
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
            c.Output.Console.Write(table);
            c.Output.Line(r.FieldTrial.Overall.Statement);
            c.Output.Line($"report:   {r.HtmlPath} (JSON: {r.JsonPath})");
            c.Output.Line($"site:     {Path.Combine(result.Layout.Site, "index.html")}");
            c.Output.Line($"audit:    {result.Layout.AuditExport} (check it: lfr audit verify {result.Layout.AuditExport})");
            c.Output.Line($"IAG:      {result.Layout.IagReport}");
            c.Output.Line($"store:    {result.StorePath}");
            c.Output.Line($"took {result.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{(result.StepsResumed > 0 ? $" (resumed after {result.StepsResumed} steps)" : "")}");
        }
        if (!result.Verification.Ok)
        {
            c.Output.Problem($"error: the programme's audit log did not verify: {result.Verification.Problems[0]}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }

    private sealed class Narrator(CommandContext c, bool quiet) : ISimulationNarrator
    {
        public void Step(DateTimeOffset at, string text)
        {
            c.Log.Information("Simulation step at {At}: {Step}", at, text);
            if (!quiet) c.Output.Line($"[{CliTime.Show(at)}] {text}");
        }

        public void Detail(string text)
        {
            if (!quiet) c.Output.Line($"   {text}");
        }

        public async Task<T> Work<T>(string task, int total, Func<Action<int>, Task<T>> work)
        {
            if (quiet || !c.Output.IsInteractive) return await work(_ => { }).ConfigureAwait(false);
            return await c.Output.Console.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var bar = ctx.AddTask(Markup.Escape(task), maxValue: Math.Max(1, total));
                    var result = await work(done => bar.Value = Math.Min(bar.MaxValue, done)).ConfigureAwait(false);
                    bar.Value = bar.MaxValue;
                    return result;
                }).ConfigureAwait(false);
        }
    }
}
