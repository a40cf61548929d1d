using LfrAudit.Governance.Calendar;
using LfrAudit.Application.Deployments;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr deployment plan | publish-notice | start | end | cancel | threshold | assign | unassign | publish-outcome | show | list | status.</summary>
internal static class DeploymentCommands
{
    private static Argument<string> Id => new("id") { Description = "The deployment's reference, e.g. DEP-2026-014" };
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var deployment = new Command("deployment", "Plan and run deployments: notice, start, end, outcome");
        deployment.Subcommands.Add(Plan(bind));
        deployment.Subcommands.Add(Step(bind, "publish-notice", "Publish the deployment's public notice (at least 7 days before it starts)",
            (service, id, by, via) => service.PublishNotice(id, by!, via), byRequired: true,
            (d, doc) => $"notice for {d.Id} published {CliTime.Show(d.NoticePublishedAt)}; deadline was {CliTime.Show(d.NoticeDeadline)} ({(d.HasTimelyNotice ? "on time" : "LATE: the deployment cannot start without an urgent override")}); sha256 {doc!.Sha256[..16]}…"));
        deployment.Subcommands.Add(Start(bind));
        deployment.Subcommands.Add(Step(bind, "end", "End a live deployment; the outcome report is then due within 5 working days",
            (service, id, by, via) => service.End(id, by!, via), byRequired: true,
            (d, _) =>
            {
                var due = d.OutcomeDeadline(UseCases.Calendar)!.Value;
                return $"deployment {d.Id} ended {CliTime.Show(d.EndedAt)}; outcome report due by {LondonTime.ShowDeadline(due.DueBy)}"
                    + (d.EndedAt > d.PlannedEnd ? $" (counted from the planned end {CliTime.Show(d.PlannedEnd)})" : "")
                    + (due.Provisional ? " (provisional: the bank-holiday table does not cover that year, so bank holidays were not counted)" : "");
            }));
        deployment.Subcommands.Add(Cancel(bind));
        deployment.Subcommands.Add(ChangeThreshold(bind));
        deployment.Subcommands.Add(Assign(bind));
        deployment.Subcommands.Add(Unassign(bind));
        deployment.Subcommands.Add(PublishOutcomeCommand.Create(bind));
        deployment.Subcommands.Add(Show(bind));
        deployment.Subcommands.Add(List(bind));
        deployment.Subcommands.Add(Status(bind));
        return deployment;
    }

    private static Command Plan(CommandBinder bind)
    {
        var id = new Option<string>("--id") { Description = "Reference for the deployment", Required = true };
        var location = new Option<string>("--location") { Description = "Where: a name people recognise", Required = true };
        var area = new Option<string>("--area") { Description = "The borough or area", Required = true };
        var lat = new Option<double?>("--lat") { Description = "Latitude (optional)" }.Within(-90, 90);
        var lon = new Option<double?>("--lon") { Description = "Longitude (optional)" }.Within(-180, 180);
        var start = new Option<string>("--start") { Description = "Planned start (ISO 8601; London time unless an offset is given)", Required = true };
        var end = new Option<string>("--end") { Description = "Planned end", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "Why this deployment, in plain words", Required = true };
        var officer = new Option<string>("--officer") { Description = "Authorising officer's name", Required = true };
        var rank = new Option<string>("--rank") { Description = "Authorising officer's rank (Superintendent or above)", Required = true };
        var cameras = new Option<string[]>("--camera") { Description = "A camera (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var watchlist = new Option<string>("--watchlist") { Description = "The enrolled watchlist's name", Required = true };
        var threshold = new Option<string?>("--threshold") { Description = "Similarity threshold (default: defaults.threshold in lfr.yaml, else the model's calibrated one)" };
        var confirmedDays = new Option<int?>("--retain-confirmed-days") { Description = "Days a confirmed match's evidence is kept (default: lfr.yaml's, else 31)" }.Within(0, 3650);
        var unadjudicatedHours = new Option<int?>("--retain-unadjudicated-hours") { Description = "Hours after the end an undecided alert's evidence is kept (default: lfr.yaml's, else 24)" }.Within(0, 24 * 3650);
        var by = new Option<string>("--by") { Description = "The registered supervisor planning it (lfr users list)", Required = true };
        var cmd = new Command("plan", "Plan a deployment") { id, location, area, lat, lon, start, end, purpose, officer, rank, cameras, watchlist, threshold, confirmedDays, unadjudicatedHours, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            var request = new PlanRequest(new DeploymentId(c.Get(id)!), new DeploymentLocation(c.Get(location)!, c.Get(area)!, c.Get(lat), c.Get(lon)),
                CliTime.Parse(c.Get(start)!, "--start"), CliTime.Parse(c.Get(end)!, "--end"), c.Get(purpose)!, new AuthorisingOfficer(c.Get(officer)!, c.Get(rank)!),
                c.Get(cameras)!.Distinct().Select(x => new CameraId(x)).ToList(), c.Get(watchlist)!, c.Get(threshold) is { } text ? Threshold.Parse(text) : c.Configuration.DefaultThreshold,
                new RetentionPolicy(TimeSpan.Zero, TimeSpan.FromHours(c.Get(unadjudicatedHours) ?? c.Configuration.RetainUnadjudicatedHours),
                    TimeSpan.FromDays(c.Get(confirmedDays) ?? c.Configuration.RetainConfirmedDays)));
            DeploymentRehearsal.Rehearse(c, service => service.Plan(request, c.Get(by)!, c.Via));
            using var db = c.OpenDatabase();
            var plan = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).Plan(request, c.Get(by)!, c.Via);
            c.Log.Information("Deployment {Deployment} planned at {Location} from {Start} to {End}", plan.Id, plan.Location.Name, plan.PlannedStart, plan.PlannedEnd);
            // Planned too late for its notice's week: accepted (an urgent case may need it), but said now, not at the start.
            if (plan.NoticeDeadline < c.Clock.GetUtcNow())
                c.Output.Problem($"warning: the notice for {plan.Id} was due by {CliTime.Show(plan.NoticeDeadline)}, which has passed: it cannot start as planned "
                    + "without an urgent override (published on its outcome report); to keep the 7 days' notice, plan a start at least 7 days after its notice is published");
            return Report(c, plan, $"deployment {plan.Id} planned: {plan.Location.Name}, {CliTime.Show(plan.PlannedStart)} to {CliTime.Show(plan.PlannedEnd)}; publish its notice by {CliTime.Show(plan.NoticeDeadline)}");
        });
        return cmd;
    }

    private static Command Start(CommandBinder bind)
    {
        var reason = new Option<string?>("--urgent-override") { Description = "Start without a timely notice, or before the advertised start, for this reason (recorded and published; refused where nothing needs overriding)" };
        var by = new Option<string>("--by") { Description = "The registered supervisor starting it, who authorises any urgent override (lfr users list)", Required = true };
        var cmd = new Command("start", "Go live: freezes the watchlist; refused without a notice 7 days ahead, or before the advertised start, unless overridden") { Id, reason, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c => Run(c, service => service.Start(new DeploymentId(c.Get(Id)!), c.Get(reason) is { } r ? new OverrideRequest(r, c.Get(by)!) : null,
                c.Get(by)!, c.Via),
            (d, _) => $"deployment {d.Id} is live from {CliTime.Show(d.StartedAt)} with watchlist '{d.Watchlist!.Name}' ({d.Watchlist.Entries} entries, hash {d.Watchlist.ContentHash[..12]}…) at threshold {d.Threshold}"
                + (d.Override is { } o ? $"; URGENT OVERRIDE by {o.By}: {o.Reason}" : "")));
        return cmd;
    }

    private static Command Cancel(CommandBinder bind)
    {
        var reason = new Option<string>("--reason") { Description = "Why it is cancelled (published)", Required = true };
        var by = new Option<string>("--by") { Description = "The registered supervisor cancelling it (lfr users list)", Required = true };
        var cmd = new Command("cancel", "Cancel a deployment that has not started") { Id, reason, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c => Run(c, service => service.Cancel(new DeploymentId(c.Get(Id)!), c.Get(reason)!, c.Get(by)!, c.Via),
            (d, _) => $"deployment {d.Id} cancelled: {d.CancelReason}"));
        return cmd;
    }

    private static Command ChangeThreshold(CommandBinder bind)
    {
        var to = new Option<string>("--to") { Description = "The new threshold", Required = true };
        var by = new Option<string>("--by") { Description = "The registered supervisor who authorised the change (lfr users list)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var cmd = new Command("threshold", "Change a deployment's threshold, recording who and why") { Id, to, by, reason, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            var (deployment, threshold) = (new DeploymentId(c.Get(Id)!), Threshold.Parse(c.Get(to)!));
            return Run(c, service => service.ChangeThreshold(deployment, threshold, c.Get(by)!, c.Get(reason)!, c.Via),
            (d, _) => d.ThresholdChanges[^1] is var t ? $"deployment {d.Id}: threshold {t.From} → {t.To} by {t.By} ({t.Reason})" : "");
        });
        return cmd;
    }

    private static Option<string> Operator => new("--operator") { Description = "The registered operator (lfr users list)", Required = true };

    private static Command Assign(CommandBinder bind)
    {
        var by = new Option<string>("--by") { Description = "The registered supervisor assigning them (lfr users list)", Required = true };
        var cmd = new Command("assign", "Assign an operator to the deployment: they see its alerts and evidence and decide them (only theirs)") { Id, Operator, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            using var db = c.OpenDatabase();
            var a = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).AssignOperator(new DeploymentId(c.Get(Id)!), c.Get(Operator)!, c.Get(by)!, c.Via);
            c.Log.Information("Operator {Operator} assigned to deployment {Deployment} by {By}", a.Operator, a.Deployment, a.AssignedBy);
            if (c.Get(Json)) c.Output.Json(new { deployment = a.Deployment.Value, @operator = a.Operator, by = a.AssignedBy, at = a.AssignedAt });
            else c.Output.Line($"operator {a.Operator} assigned to deployment {a.Deployment} by {a.AssignedBy}: they now see its alerts and their evidence, every view logged");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Unassign(CommandBinder bind)
    {
        var by = new Option<string>("--by") { Description = "The registered supervisor taking them off (lfr users list)", Required = true };
        var cmd = new Command("unassign", "Take an operator off the deployment: its alerts and evidence are no longer theirs") { Id, Operator, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            using var db = c.OpenDatabase();
            var u = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).UnassignOperator(new DeploymentId(c.Get(Id)!), c.Get(Operator)!, c.Get(by)!, c.Via);
            c.Log.Information("Operator {Operator} taken off deployment {Deployment} by {By}", u.Operator, u.Deployment, u.By);
            if (c.Get(Json)) c.Output.Json(new { deployment = u.Deployment, @operator = u.Operator, by = u.By, at = u.At });
            else c.Output.Line($"operator {u.Operator} taken off deployment {u.Deployment} by {u.By}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Step(CommandBinder bind, string name, string description, Func<DeploymentService, DeploymentId, string?, string, DeploymentStep> act,
        bool byRequired, Func<Deployment, PublishedDocument?, string> message)
    {
        var by = new Option<string?>("--by") { Description = "The registered supervisor doing it (lfr users list)", Required = byRequired };
        var cmd = new Command(name, description) { Id, by, Json };
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, c => Run(c, service => act(service, new DeploymentId(c.Get(Id)!), c.Get(by), c.Via), message));
        return cmd;
    }

    // Parse → call the use case (rehearsed first, so a refusal writes nothing) → render.
    private static int Run(CommandContext c, Func<DeploymentService, DeploymentStep> act, Func<Deployment, PublishedDocument?, string> message)
    {
        DeploymentRehearsal.Rehearse(c, act);
        using var db = c.OpenDatabase();
        var step = act(UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication));
        c.Log.Information("Deployment {Deployment} is now {State}", step.Deployment.Id, step.Deployment.State);
        return Report(c, step.Deployment, message(step.Deployment, step.Document));
    }

    private static int Report(CommandContext c, Deployment d, string message)
    {
        if (c.Get(Json)) c.Output.Json(DeploymentView.From(d, UseCases.Calendar));
        else c.Output.Line(message);
        return ExitCodes.Ok;
    }

    private static Command Show(CommandBinder bind)
    {
        var cmd = new Command("show", "Everything about one deployment") { Id, Json };
        bind.Bind(cmd, Uses.Store | Uses.Settings, c =>
        {
            using var db = c.OpenForReading();
            var (d, figures, operators) = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).Show(new DeploymentId(c.Get(Id)!));
            if (c.Get(Json))
            {
                c.Output.Json(new { deployment = DeploymentView.From(d, UseCases.Calendar), figures, operators = operators.Select(a => new { name = a.Operator, assigned_by = a.AssignedBy, assigned_at = a.AssignedAt }) });
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string k, string v) => grid.AddTextRow(k, v);
            Row("deployment", $"{d.Id} ({Deployment.Describe(d.State)})");
            Row("where", $"{d.Location.Name}, {d.Location.Area}");
            Row("when", $"{CliTime.Show(d.PlannedStart)} to {CliTime.Show(d.PlannedEnd)}");
            Row("purpose", d.Purpose);
            Row("authorised by", d.Officer.ToString());
            Row("cameras", string.Join(", ", d.Cameras));
            Row("watchlist", d.Watchlist is { } w ? $"{w.Name}: {w.Entries} entries, hash {w.ContentHash[..16]}… (frozen at start)" : d.WatchlistName);
            Row("threshold", d.Threshold.ToString() + string.Concat(d.ThresholdChanges.Select(t => $"; changed {t.From}→{t.To} by {t.By} ({t.Reason})")));
            Row("notice", $"{CliTime.Show(d.NoticePublishedAt)} (deadline {CliTime.Show(d.NoticeDeadline)}{(d.NoticePublishedAt is null ? "" : d.HasTimelyNotice ? ", on time" : ", LATE")})");
            if (d.Override is { } o) Row("urgent override", $"{o.Reason} — {o.By}, {CliTime.Show(o.At)}");
            Row("started / ended", $"{CliTime.Show(d.StartedAt)} / {CliTime.Show(d.EndedAt)}");
            if (d.OutcomeDueBy(UseCases.Calendar, c.Clock.GetUtcNow()) is { } due) Row("outcome", $"{CliTime.Show(d.OutcomePublishedAt)} (due by {LondonTime.ShowDeadline(due)})");
            if (d.IsLivePastPlannedEnd(c.Clock.GetUtcNow())) Row("warning", $"still live after its planned end {CliTime.Show(d.PlannedEnd)}: recognition has stopped; end it");
            if (d.CancelReason is { } why) Row("cancelled", $"{CliTime.Show(d.CancelledAt)}: {why}");
            Row("operators", operators.Count == 0 ? "none assigned: no operator sees its alerts (lfr deployment assign)"
                : string.Join(", ", operators.Select(a => $"{a.Operator} (by {a.AssignedBy}, {CliTime.Show(a.AssignedAt)})")));
            Row("faces seen / alerts", $"{figures.FacesSeen} / {figures.Alerts} ({figures.Confirmed} confirmed, {figures.Rejected} rejected, {figures.Unsure} unsure, {figures.NotAdjudicated} not adjudicated)");
            c.Output.Console.Write(grid);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command List(CommandBinder bind)
    {
        var cmd = new Command("list", "All deployments") { Json };
        bind.Bind(cmd, Uses.Store | Uses.Settings, c =>
        {
            using var db = c.OpenForReading();
            var all = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).List();
            if (c.Get(Json)) { c.Output.Json(all.Select(d => DeploymentView.From(d, UseCases.Calendar))); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "state", "where", "start (London)", "end (London)", "cameras", "threshold");
            foreach (var d in all)
                table.AddTextRow(d.Id.Value, Deployment.Describe(d.State), d.Location.Name, CliTime.Show(d.PlannedStart), CliTime.Show(d.PlannedEnd),
                    string.Join(", ", d.Cameras), d.Threshold.ToString());
            c.Output.Table(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Status(CommandBinder bind)
    {
        var cmd = new Command("status", "What is due, overdue and on time: notices and outcome reports") { Json };
        bind.Bind(cmd, Uses.Store | Uses.Settings, c =>
        {
            using var db = c.OpenForReading();
            var rows = UseCases.Deployments(db, VisionAdapters.Catalogue, c.Publication).Status();
            if (c.Get(Json)) { c.Output.Json(rows); return ExitCodes.Ok; }
            var table = new Table().AddColumns("deployment", "document", "due by (London)", "status");
            foreach (var r in rows) table.AddTextRow(r.Deployment, r.Document, CliTime.Show(r.DueBy), r.Status);
            c.Output.Table(table);
            int overdue = rows.Count(r => r.IsOverdue);
            int pastEnd = rows.Count(r => r.IsLivePastPlannedEnd);
            c.Output.Line($"{rows.Count(r => r.IsDue)} due, {overdue} overdue, {rows.Count(r => r.Status == "on time")} on time, {rows.Count(r => r.Status == "late")} published late"
                + (pastEnd > 0 ? $"; {pastEnd} still live past the planned end" : ""));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
