using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Deployments;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr deployment publish-outcome: freezes the outcome report — refused as a failed verification (exit 5), like
/// 'lfr publish site', when a figure or fact it would state is not what the store's audit log records.
/// </summary>
public static class PublishOutcomeCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The deployment's reference, e.g. DEP-2026-014" };
    private static readonly Option<string> By = new("--by") { Description = "The registered supervisor doing it (lfr users list)", Required = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var cmd = new Command("publish-outcome", "Publish the outcome report (due within 5 working days of the end), checked against the audit log") { Id, By, Json };
        bind.Bind(cmd, c =>
        {
            DeploymentRehearsal.Rehearse(c, service => service.PublishOutcome(new DeploymentId(c.Parse.GetValue(Id)!), c.Get(By)!, c.Via));
            using var db = c.OpenDatabase();
            DeploymentStep step;
            try { step = UseCases.Deployments(db, VisionAdapters.Calibration).PublishOutcome(new DeploymentId(c.Parse.GetValue(Id)!), c.Get(By)!, c.Via); }
            catch (PublicationRefusedException refused)
            {
                return PublishCommands.Refused(c, $"{db.Location}: deployment {c.Parse.GetValue(Id)}'s outcome report not published", refused.Problems);
            }
            var d = step.Deployment;
            c.Log.Information("Deployment {Deployment} is now {State}", d.Id, d.State);
            var due = d.OutcomeDueBy(UseCases.Calendar)!.Value;
            if (c.Get(Json)) c.Output.Json(DeploymentView.From(d, UseCases.Calendar));
            else c.Output.Line($"outcome for {d.Id} published {CliTime.Show(d.OutcomePublishedAt)}; due by {CliTime.Show(due)} ({(d.OutcomePublishedAt < due ? "on time" : "LATE")}); sha256 {step.Document!.Sha256[..16]}…");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
