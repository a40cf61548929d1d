using LfrAudit.Application.Alerts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr alerts list: the alerts waiting in the store.</summary>
internal static class AlertsCommands
{
    private static Argument<long> AlertIdArgument => new("id") { Description = "The alert's id (from 'lfr alerts list')" };
    private static Option<string> By => new("--by") { Description = "The registered operator who decided, or who records the officers' outcome (lfr users list)", Required = true };
    private static Option<string?> Note => new("--note") { Description = "A short note" };

    private static Command Adjudicate(CommandBinder bind)
    {
        var decision = new Option<string>("--decision") { Description = "confirm, reject or unsure", Required = true };
        var cmd = new Command("adjudicate", "Record an operator's decision on an alert (once; final)") { AlertIdArgument, decision, By, Note, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var a = UseCases.Alerts(db).Adjudicate(new AlertId(c.Get(AlertIdArgument)), AdjudicationNames.ParseDecision(c.Get(decision)!), c.Get(By)!, c.Via, c.Get(Note));
            c.Log.Information("Alert {Alert} adjudicated {Decision} by {Operator}", a.Alert.Value, a.Decision.Name(), a.By);
            if (c.Get(Json)) c.Output.Json(new { alert = a.Alert.Value, decision = a.Decision.Name(), by = a.By, at = a.At, note = a.Note });
            else c.Output.Line($"alert {a.Alert}: {a.Decision.Name()} by {a.By}" + (a.Decision == AlertDecision.Reject ? "; its biometric evidence is deleted" : ""));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Outcome(CommandBinder bind)
    {
        var outcome = new Option<string>("--outcome") { Description = "arrested, words-of-advice, not-located, no-further-action, safeguarding-referral or other", Required = true };
        var cmd = new Command("outcome", "Record what happened when officers engaged a confirmed match") { AlertIdArgument, outcome, By, Note, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var e = UseCases.Alerts(db).RecordOutcome(new AlertId(c.Get(AlertIdArgument)), AdjudicationNames.ParseOutcome(c.Get(outcome)!), c.Get(By)!, c.Via, c.Get(Note));
            c.Log.Information("Alert {Alert} engagement outcome {Outcome} by {Officer}", e.Alert.Value, e.Outcome.Name(), e.By);
            if (c.Get(Json)) c.Output.Json(new { alert = e.Alert.Value, outcome = e.Outcome.Name(), by = e.By, at = e.At, note = e.Note });
            else c.Output.Line($"alert {e.Alert}: {e.Outcome.Name()} (recorded by {e.By})");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Option<string?> Run => new("--run") { Description = "Only alerts of this run" };
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var alerts = new Command("alerts", "Alerts raised for operators");
        var list = new Command("list", "List alerts (never the probe image or embedding; their size and hash only)") { Run, Json };
        bind.Bind(list, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var all = UseCases.Alerts(db).List(c.Get(Run) is { } r ? new RunId(r) : null);
            if (c.Get(Json))
            {
                c.Output.Json(all.Select(AlertView.From));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "run", "camera", "frame", "captured (London)", "candidate", "category", "score");
            foreach (var a in all)
                table.AddTextRow(a.Id.ToString(), a.Alert.Run.Value, a.Alert.Camera.Value, a.Alert.FrameIndex.ToString(),
                    CliTime.ShowPrecise(a.Alert.CapturedAt), a.Alert.Candidate.Value, a.Alert.Category.ToName(),
                    a.Alert.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
            c.Output.Table(table);
            c.Output.Line(Core.Wording.English.Count(all.Count, "alert"));
            return ExitCodes.Ok;
        });
        alerts.Subcommands.Add(list);
        alerts.Subcommands.Add(Adjudicate(bind));
        alerts.Subcommands.Add(Outcome(bind));
        alerts.Subcommands.Add(AlertReview.Create(bind));
        return alerts;
    }
}
