using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr alerts review: an operator works through undecided alerts on a terminal — those of the deployments they are
/// assigned to, and those of runs outside any deployment. Each probe crop is logged as viewed, then written to a private
/// review folder for viewing beside the watchlist's reference image paths, and removed as soon as the alert is decided or
/// the review ends.
/// </summary>
internal static class AlertReview
{
    private static Option<string> By => new("--by") { Description = "The registered operator reviewing (lfr users list)", Required = true };
    private static Option<string?> Run => new("--run") { Description = "Only alerts of this run" };

    public static Command Create(CommandBinder bind)
    {
        var cmd = new Command("review", "Review undecided alerts interactively (a terminal is needed; scripts use 'alerts adjudicate')") { By, Run };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey, c =>
        {
            if (!c.Output.IsInteractive)
                throw new LfrInputException("alerts review needs a terminal; in a script use 'lfr alerts adjudicate ID --decision confirm|reject|unsure --by NAME'");
            using var db = c.OpenDatabase();
            var desk = UseCases.Alerts(db);
            var pending = desk.WorkOf(c.Get(By)!, c.Via, c.Get(Run) is { } r ? new RunId(r) : null);
            if (pending.Count == 0) { c.Output.Line("no alert of yours is waiting for a decision (a supervisor assigns you to a deployment: lfr deployment show)"); return ExitCodes.Ok; }

            var folder = Directory.CreateTempSubdirectory("lfr-review-"); // created 0700: the operator only
            try
            {
                foreach (var (a, entry) in pending)
                {
                    var crop = Path.Combine(folder.FullName, $"alert-{a.Id}.jpg");
                    var shown = desk.ViewProbe(a.Id, c.Get(By)!, c.Via); // logged before it is written
                    if (shown is not null) File.WriteAllBytes(crop, shown);
                    var panel = new Grid().AddColumn().AddColumn();
                    panel.AddTextRow("alert", a.Id.ToString());
                    panel.AddTextRow("candidate", $"{a.Alert.Candidate} ({a.Alert.Category.ToName()})");
                    panel.AddTextRow("score", $"{a.Alert.Score.ToString("0.000", CultureInfo.InvariantCulture)} (threshold {a.Alert.Threshold})");
                    panel.AddTextRow("camera, time", $"{a.Alert.Camera}, {CliTime.Show(a.Alert.CapturedAt)}");
                    panel.AddTextRow("probe crop", shown is not null ? crop : "(deleted by retention)");
                    panel.AddTextRow("watchlist images", entry is null ? "(entry not found)" : string.Join(", ", entry.ReferenceImages));
                    c.Output.Console.Write(new Panel(panel).Header($"alert {a.Id} of {pending.Count}"));
                    var choice = c.Output.Console.Prompt(new SelectionPrompt<string>().Title("Decision?").AddChoices("confirm", "reject", "unsure", "skip", "stop reviewing"));
                    File.Delete(crop);
                    if (choice == "stop reviewing") break;
                    if (choice == "skip") continue;
                    var note = c.Output.Console.Prompt(new TextPrompt<string>("Note (optional):").AllowEmpty());
                    var decided = desk.Adjudicate(a.Id, AdjudicationNames.ParseDecision(choice), c.Get(By)!, c.Via, note);
                    c.Output.Line($"alert {a.Id}: {decided.Decision.Name()}");
                }
            }
            finally
            {
                folder.Delete(recursive: true);
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
