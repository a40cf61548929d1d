using LfrAudit.Core.Ports;
using System.CommandLine;
using System.Globalization;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Deployments;
using LfrAudit.Core.Domain;
using LfrAudit.Vision.Models;
using Spectre.Console;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr deployment plan | publish-notice | start | end | cancel | threshold | publish-outcome | show | list | status.</summary>
public static class DeploymentCommands
{
    private static readonly Argument<string> Id = new("id") { Description = "The deployment's reference, e.g. DEP-2026-014" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var deployment = new Command("deployment", "Plan and run deployments: notice, start, end, outcome");
        deployment.Subcommands.Add(Plan(bind));
        deployment.Subcommands.Add(Step(bind, "publish-notice", "Publish the deployment's public notice (at least 7 days before it starts)",
            (d, c, db) =>
            {
                d.PublishNotice(c.Clock.UtcNow);
                var doc = PublishCommands.FreezeNotice(db, d, d.NoticePublishedAt!.Value);
                return $"notice for {d.Id} published {CliTime.Show(d.NoticePublishedAt)}; deadline was {CliTime.Show(d.NoticeDeadline)} ({(d.HasTimelyNotice ? "on time" : "LATE: the deployment cannot start without an urgent override")}); sha256 {doc.Sha256[..16]}…";
            }));
        deployment.Subcommands.Add(Start(bind));
        deployment.Subcommands.Add(Step(bind, "end", "End a live deployment; the outcome report is then due within 5 working days",
            (d, c, _) =>
            {
                d.End(c.Clock.UtcNow);
                var due = d.OutcomeDeadline(WorkingDayCalendar.EnglandAndWales)!.Value;
                return $"deployment {d.Id} ended {CliTime.Show(d.EndedAt)}; outcome report due by {CliTime.Show(due.DueBy)}"
                    + (d.EndedAt > d.PlannedEnd ? $" (counted from the planned end {CliTime.Show(d.PlannedEnd)})" : "")
                    + (due.Provisional ? " (provisional: the bank-holiday table does not cover that year, so bank holidays were not counted)" : "");
            }));
        deployment.Subcommands.Add(Cancel(bind));
        deployment.Subcommands.Add(ChangeThreshold(bind));
        deployment.Subcommands.Add(Step(bind, "publish-outcome", "Publish the outcome report (due within 5 working days of the end)",
            (d, c, db) =>
            {
                d.PublishOutcome(c.Clock.UtcNow);
                var doc = PublishCommands.FreezeOutcome(db, d, d.OutcomePublishedAt!.Value);
                var due = d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales)!.Value;
                return $"outcome for {d.Id} published {CliTime.Show(d.OutcomePublishedAt)}; due by {CliTime.Show(due)} ({(d.OutcomePublishedAt < due ? "on time" : "LATE")}); sha256 {doc.Sha256[..16]}…";
            }));
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
        var threshold = new Option<string?>("--threshold") { Description = "Similarity threshold (default: the default embedder's)" };
        var confirmedDays = new Option<int>("--retain-confirmed-days") { Description = "Days a confirmed match's evidence is kept", DefaultValueFactory = _ => 31 }.Within(0, 3650);
        var unadjudicatedHours = new Option<int>("--retain-unadjudicated-hours") { Description = "Hours after the end an undecided alert's evidence is kept", DefaultValueFactory = _ => 24 }.Within(0, 24 * 3650);
        var cmd = new Command("plan", "Plan a deployment") { id, location, area, lat, lon, start, end, purpose, officer, rank, cameras, watchlist, threshold, confirmedDays, unadjudicatedHours, Json };
        bind.Bind(cmd, c =>
        {
            if (c.Get(confirmedDays) < 0 || c.Get(unadjudicatedHours) < 0) throw new LfrInputException("retention periods cannot be negative");
            var t = c.Get(threshold) is { } text ? Threshold.Parse(text) : new Threshold(ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder).Threshold!.Value);
            var plan = Deployment.Plan(new DeploymentId(c.Get(id)!), new DeploymentLocation(c.Get(location)!, c.Get(area)!, c.Get(lat), c.Get(lon)),
                CliTime.Parse(c.Get(start)!, "--start"), CliTime.Parse(c.Get(end)!, "--end"), c.Get(purpose)!,
                new AuthorisingOfficer(c.Get(officer)!, c.Get(rank)!), c.Get(cameras)!.Distinct().Select(x => new CameraId(x)).ToList(),
                c.Get(watchlist)!, t, new RetentionPolicy(TimeSpan.Zero, TimeSpan.FromHours(c.Get(unadjudicatedHours)), TimeSpan.FromDays(c.Get(confirmedDays))),
                c.Clock.UtcNow);
            using var db = c.OpenDatabase();
            if (db.Watchlists.Find(plan.WatchlistName) is null)
                throw new LfrInputException($"watchlist '{plan.WatchlistName}' is not enrolled in {db.Location}: enrol it before planning");
            var store = db.Deployments;
            if (store.List().FirstOrDefault(plan.OverlapsOnAnyCamera) is { } clash)
                throw new DeploymentRuleException($"deployment {plan.Id} overlaps deployment {clash.Id} ({CliTime.Show(clash.PlannedStart)} to {CliTime.Show(clash.PlannedEnd)}) on camera {string.Join(", ", plan.Cameras.Intersect(clash.Cameras))}");
            store.Add(plan);
            c.Log.Information("Deployment {Deployment} planned at {Location} from {Start} to {End}", plan.Id, plan.Location.Name, plan.PlannedStart, plan.PlannedEnd);
            return Report(c, plan, $"deployment {plan.Id} planned: {plan.Location.Name}, {CliTime.Show(plan.PlannedStart)} to {CliTime.Show(plan.PlannedEnd)}; publish its notice by {CliTime.Show(plan.NoticeDeadline)}");
        });
        return cmd;
    }

    private static Command Start(CommandBinder bind)
    {
        var reason = new Option<string?>("--urgent-override") { Description = "Start without a timely notice, for this reason (recorded and published)" };
        var by = new Option<string?>("--by") { Description = "Who authorised the urgent override" };
        var cmd = new Command("start", "Go live: freezes the watchlist; refused without a notice 7 days ahead unless overridden") { Id, reason, by, Json };
        bind.Bind(cmd, c => Change(c, c.Parse.GetValue(Id)!, (d, db) =>
        {
            var watchlist = db.Watchlists.Find(d.WatchlistName)
                ?? throw new LfrInputException($"watchlist '{d.WatchlistName}' of deployment {d.Id} is no longer enrolled");
            var frozen = new FrozenWatchlist(watchlist.Name, watchlist.ContentHash, watchlist.Entries.Count, watchlist.CountByCategory());
            var urgent = c.Get(reason) is { } r ? new UrgentOverride(r, c.Get(by) ?? "", c.Clock.UtcNow) : null;
            d.Start(c.Clock.UtcNow, frozen, urgent);
            return $"deployment {d.Id} is live from {CliTime.Show(d.StartedAt)} with watchlist '{frozen.Name}' ({frozen.Entries} entries, hash {frozen.ContentHash[..12]}…) at threshold {d.Threshold}"
                + (d.Override is { } o ? $"; URGENT OVERRIDE by {o.By}: {o.Reason}" : "");
        }));
        return cmd;
    }

    private static Command Cancel(CommandBinder bind)
    {
        var reason = new Option<string>("--reason") { Description = "Why it is cancelled (published)", Required = true };
        var cmd = new Command("cancel", "Cancel a deployment that has not started") { Id, reason, Json };
        bind.Bind(cmd, c => Change(c, c.Parse.GetValue(Id)!, (d, _) =>
        {
            d.Cancel(c.Clock.UtcNow, c.Get(reason)!);
            return $"deployment {d.Id} cancelled: {d.CancelReason}";
        }));
        return cmd;
    }

    private static Command ChangeThreshold(CommandBinder bind)
    {
        var to = new Option<string>("--to") { Description = "The new threshold", Required = true };
        var by = new Option<string>("--by") { Description = "Who authorised the change", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var cmd = new Command("threshold", "Change a deployment's threshold, recording who and why") { Id, to, by, reason, Json };
        bind.Bind(cmd, c => Change(c, c.Parse.GetValue(Id)!, (d, _) =>
        {
            d.ChangeThreshold(Threshold.Parse(c.Get(to)!), c.Get(by)!, c.Get(reason)!, c.Clock.UtcNow);
            var t = d.ThresholdChanges[^1];
            return $"deployment {d.Id}: threshold {t.From} → {t.To} by {t.By} ({t.Reason})";
        }));
        return cmd;
    }

    private static Command Step(CommandBinder bind, string name, string description, Func<Deployment, CommandContext, IStore, string> act)
    {
        var cmd = new Command(name, description) { Id, Json };
        bind.Bind(cmd, c => Change(c, c.Parse.GetValue(Id)!, (d, db) => act(d, c, db)));
        return cmd;
    }

    // The state change and any document it publishes commit together or not at all.
    private static int Change(CommandContext c, string id, Func<Deployment, IStore, string> act)
    {
        using var db = c.OpenDatabase();
        var store = db.Deployments;
        var d = Find(store, id);
        string message = "";
        Commit(db, store, d, x => message = act(x, db));
        c.Log.Information("Deployment {Deployment} is now {State}", d.Id, d.State);
        return Report(c, d, message);
    }

    /// <summary>
    /// A deployment step and any document it publishes commit together or not at all; then the new documents are
    /// anchored under a signed tree head covering their log entries.
    /// </summary>
    internal static void Commit(IStore db, IDeploymentStore store, Deployment d, Action<Deployment> step)
    {
        using (var tx = db.BeginUnitOfWork())
        {
            step(d);
            store.Update(d);
            tx.Commit();
        }
        PublishCommands.AnchorNewDocuments(db);
    }

    internal static Deployment Find(IDeploymentStore store, string id) =>
        store.Find(new DeploymentId(id)) ?? throw new LfrInputException($"deployment {id} does not exist");

    private static int Report(CommandContext c, Deployment d, string message)
    {
        if (c.Get(Json)) c.Output.Json(DeploymentView.From(d, WorkingDayCalendar.EnglandAndWales));
        else c.Output.Line(message);
        return ExitCodes.Ok;
    }

    private static Command Show(CommandBinder bind)
    {
        var cmd = new Command("show", "Everything about one deployment") { Id, Json };
        bind.Bind(cmd, c =>
        {
            using var db = c.OpenForReading();
            var store = db.Deployments;
            var d = Find(store, c.Parse.GetValue(Id)!);
            var figures = store.Figures(d.Id);
            if (c.Get(Json)) { c.Output.Json(new { deployment = DeploymentView.From(d, WorkingDayCalendar.EnglandAndWales), figures }); return ExitCodes.Ok; }
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
            if (d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales, c.Clock.UtcNow) is { } due) Row("outcome", $"{CliTime.Show(d.OutcomePublishedAt)} (due by {CliTime.Show(due)})");
            if (d.IsLivePastPlannedEnd(c.Clock.UtcNow)) Row("warning", $"still live after its planned end {CliTime.Show(d.PlannedEnd)}: recognition has stopped; end it");
            if (d.CancelReason is { } why) Row("cancelled", $"{CliTime.Show(d.CancelledAt)}: {why}");
            Row("faces seen / alerts", $"{figures.FacesSeen} / {figures.Alerts} ({figures.Confirmed} confirmed, {figures.Rejected} rejected, {figures.Unsure} unsure, {figures.NotAdjudicated} not adjudicated)");
            c.Output.Console.Write(grid);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command List(CommandBinder bind)
    {
        var cmd = new Command("list", "All deployments") { Json };
        bind.Bind(cmd, c =>
        {
            using var db = c.OpenForReading();
            var all = db.Deployments.List();
            if (c.Get(Json)) { c.Output.Json(all.Select(d => DeploymentView.From(d, WorkingDayCalendar.EnglandAndWales))); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "state", "where", "start (London)", "end (London)", "cameras", "threshold");
            foreach (var d in all)
                table.AddTextRow(d.Id.Value, Deployment.Describe(d.State), d.Location.Name, CliTime.Show(d.PlannedStart), CliTime.Show(d.PlannedEnd),
                    string.Join(", ", d.Cameras), d.Threshold.ToString());
            c.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Status(CommandBinder bind)
    {
        var cmd = new Command("status", "What is due, overdue and on time: notices and outcome reports") { Json };
        bind.Bind(cmd, c =>
        {
            using var db = c.OpenForReading();
            var now = c.Clock.UtcNow;
            var rows = db.Deployments.List().Select(d => StatusOf(d, now)).Where(r => r is not null).Select(r => r!).ToList();
            if (c.Get(Json)) { c.Output.Json(rows); return ExitCodes.Ok; }
            var table = new Table().AddColumns("deployment", "document", "due by (London)", "status");
            foreach (var r in rows) table.AddTextRow(r.Deployment, r.Document, CliTime.Show(r.DueBy), r.Status);
            c.Output.Console.Write(table);
            int overdue = rows.Count(r => r.Status.StartsWith("overdue", StringComparison.Ordinal));
            int pastEnd = rows.Count(r => r.Status.Contains("past its planned end", StringComparison.Ordinal));
            c.Output.Line($"{rows.Count(r => r.Status.StartsWith("due", StringComparison.Ordinal))} due, {overdue} overdue, {rows.Count(r => r.Status == "on time")} on time, {rows.Count(r => r.Status == "late")} published late"
                + (pastEnd > 0 ? $"; {pastEnd} still live past the planned end" : ""));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    public sealed record StatusRow(string Deployment, string Document, DateTimeOffset DueBy, DateTimeOffset? PublishedAt, string Status);

    internal static StatusRow? StatusOf(Deployment d, DateTimeOffset now)
    {
        string Judge(DateTimeOffset due, DateTimeOffset? published, bool inclusive) => published is { } p
            ? ((inclusive ? p <= due : p < due) ? "on time" : "late")
            : (inclusive ? now <= due : now < due) ? "due" : "overdue";
        if (d.IsLivePastPlannedEnd(now))
        {
            // Still live after its planned end: flagged, and its outcome report is owed from the planned end.
            var owed = d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales, now)!.Value;
            return new(d.Id.Value, "outcome report", owed, null, $"{Judge(owed, null, false)}; still live past its planned end {CliTime.Show(d.PlannedEnd)}: end it");
        }
        return d.State switch
        {
            DeploymentState.Planned => new(d.Id.Value, "notice", d.NoticeDeadline, null, Judge(d.NoticeDeadline, null, true)),
            DeploymentState.Cancelled => null,
            DeploymentState.NoticePublished or DeploymentState.Live =>
                new(d.Id.Value, "notice", d.NoticeDeadline, d.NoticePublishedAt, d.NoticePublishedAt is null ? "overridden" : Judge(d.NoticeDeadline, d.NoticePublishedAt, true)),
            _ => new(d.Id.Value, "outcome report", d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales)!.Value, d.OutcomePublishedAt,
                Judge(d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales)!.Value, d.OutcomePublishedAt, false)),
        };
    }
}
