using LfrAudit.Governance.Calendar;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr deployment publish-outcome: freezes the outcome report — refused as a failed verification (exit 5), like
/// 'lfr publish site', when a figure or fact it would state is not what the store's audit log records.
/// </summary>
internal static class PublishOutcomeCommand
{
    private static Argument<string> Id => new("id") { Description = "The deployment's reference, e.g. DEP-2026-014" };
    private static Option<string> By => new("--by") { Description = "The registered supervisor doing it (lfr users list)", Required = true };
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var cmd = new Command("publish-outcome", "Publish the outcome report (due within 5 working days of the end), checked against the audit log") { Id, By, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            var id = new DeploymentId(c.Get(Id)!);
            // Rehearsed first, so a refusal for who asks or the deployment's state writes nothing. A store that disagrees
            // with its log is left to the step itself, which also verifies the log's signatures with the store's key and so
            // names every problem (exit 5); the rehearsal, reading without the key, would name only the records'.
            try { DeploymentRehearsal.Rehearse(c, service => service.PublishOutcome(id, c.Get(By)!, c.Via)); }
            catch (PublicationRefusedException) { }
            using var db = c.OpenDatabase();
            DeploymentStep step;
            try { step = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).PublishOutcome(id, c.Get(By)!, c.Via); }
            catch (PublicationRefusedException refused)
            {
                return PublishCommands.Refused(c, $"{db.Location}: deployment {id}'s outcome report not published", refused.Problems);
            }
            var d = step.Deployment;
            c.Log.Information("Deployment {Deployment} is now {State}", d.Id, d.State);
            var due = d.OutcomeDueBy(UseCases.Calendar)!.Value;
            if (c.Get(Json)) c.Output.Json(DeploymentView.From(d, UseCases.Calendar));
            else c.Output.Line($"outcome for {d.Id} published {CliTime.Show(d.OutcomePublishedAt)}; due by {LondonTime.ShowDeadline(due)} ({(d.OutcomePublishedAt < due ? "on time" : "LATE")}); sha256 {step.Document!.Sha256[..16]}…");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
