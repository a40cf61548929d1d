using LfrAudit.Application.Alerts;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Stores;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using LfrAudit.Vision.Catalogue;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>Recognition runs, the alert desk and store upkeep, called as use cases on a real store with a manual clock.</summary>
[Trait("Category", "Dates")]
public sealed class RunAndUpkeepTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-run-").FullName;
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly IStore _store;
    private readonly EnrolledWatchlist _watchlist;

    public RunAndUpkeepTests()
    {
        _store = SqliteDatabase.Open(Path.Combine(_dir, "store.db"), _clock);
        var entries = new[] { "alice" }.Select(id => new WatchlistEntry(new WatchlistEntryId(id), WatchlistCategory.WantedSeriousOffence, "src", "Insp X",
            T0.AddDays(-1), T0.AddDays(60), [])).ToList();
        _watchlist = new EnrolledWatchlist("wl", new FakeEmbedder().ModelId, 4, T0, entries, [new EnrolledTemplate(new WatchlistEntryId("alice"), "sha", [1f, 0, 0, 0])]);
        _store.Watchlists.Save(_watchlist);
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private RecognitionRun Recognition => new(_store, new FakeDetector(), new FakeEmbedder(), new FakeEvidence());

    private Deployment Live()
    {
        var d = Deployment.Plan(new DeploymentId("DEP-R"), new DeploymentLocation("High Street", "Croydon"), T0.AddDays(10), T0.AddDays(10).AddHours(8),
            "p", new AuthorisingOfficer("A", "Superintendent"), [new CameraId("van-1"), new CameraId("van-2")], "wl", new Threshold(0.7), RetentionPolicy.Default, T0);
        d.PublishNotice(T0.AddDays(1));
        d.Start(T0.AddDays(10), new FrozenWatchlist("wl", _watchlist.ContentHash, 1, _watchlist.CountByCategory()));
        _store.Deployments.Add(d);
        return d;
    }

    private static RunRequest For(DeploymentId? id = null, EnrolledWatchlist? w = null, string? camera = null, double? threshold = null) =>
        new(w, id, camera is null ? null : new CameraId(camera), threshold is null ? null : new Threshold(threshold.Value), QualityGate.Default, FrameSampling.All);

    [Fact]
    public void A_run_outside_a_deployment_uses_the_threshold_asked_for_else_the_models()
    {
        Assert.Equal(0.42, Recognition.Prepare(For(w: _watchlist), new Threshold(0.42)).Options.Threshold.Value);
        var asked = Recognition.Prepare(For(w: _watchlist, threshold: 0.6, camera: "cam-9"), new Threshold(0.42));
        Assert.Equal((0.6, "cam-9"), (asked.Options.Threshold.Value, asked.Options.Camera.Value));
        Assert.Null(asked.Options.StopAt);
    }

    [Fact]
    public void A_deployments_run_uses_its_frozen_watchlist_threshold_cameras_and_planned_end()
    {
        var d = Live();
        _clock.SetUtcNow(T0.AddDays(10).AddHours(1));
        var run = Recognition.Prepare(For(d.Id), new Threshold(0.42));
        Assert.Equal((0.7, "van-1", d.PlannedEnd), (run.Options.Threshold.Value, run.Options.Camera.Value, run.Options.StopAt!.Value));
        Assert.Equal(_watchlist.ContentHash, run.Watchlist.ContentHash);
        Assert.Contains("recorded threshold", Assert.Throws<DeploymentRuleException>(() => Recognition.Prepare(For(d.Id, threshold: 0.5), new Threshold(0.42))).Message);
        Assert.Contains("not one of", Assert.Throws<DeploymentRuleException>(() => Recognition.Prepare(For(d.Id, camera: "van-9"), new Threshold(0.42))).Message);
        _clock.SetUtcNow(d.PlannedEnd);
        Assert.Contains("planned end", Assert.Throws<DeploymentRuleException>(() => Recognition.Prepare(For(d.Id), new Threshold(0.42))).Message);
    }

    [Fact]
    public void A_threshold_change_is_refused_while_a_camera_runs_so_the_record_and_the_cameras_agree()
    {
        var d = Live();
        RegisteredUsers.Add(_store, "sup-1", Role.Supervisor);
        _clock.SetUtcNow(T0.AddDays(10).AddHours(1));
        var deployments = UseCases.Deployments(_store, ModelCatalogue.Embedded);
        var run = Recognition.Prepare(For(d.Id, camera: "van-2"), new Threshold(0.42));
        var journal = _store.Runs();
        journal.BeginRun(new RunStart(run.Options.Run, run.Options.Camera, "rtsp://camera", "wl", _watchlist.ContentHash, 1, run.Options.Threshold,
            QualityGate.Default, "every frame", "m", _clock.GetUtcNow(), d.Id));
        var entries = _store.Audit.Size;
        var refused = Assert.Throws<DeploymentRuleException>(() => deployments.ChangeThreshold(d.Id, new Threshold(0.8), "sup-1", "too many false alerts"));
        Assert.Contains("cannot change while cameras are running (van-2 at 0.7", refused.Message);
        Assert.Equal(0.7, _store.Deployments.Find(d.Id)!.Threshold.Value);
        Assert.Equal(entries, _store.Audit.Size);
        Assert.Equal([("van-2", 0.7)], deployments.OpenRuns(d.Id).Select(r => (r.Camera.Value, r.Threshold.Value)));

        journal.EndRun(new RunSummary(run.Options.Run, RunEnd.Completed, _clock.GetUtcNow(), _clock.GetUtcNow(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []));
        Assert.Empty(deployments.OpenRuns(d.Id));
        deployments.ChangeThreshold(d.Id, new Threshold(0.8), "sup-1", "too many false alerts");
        Assert.Equal(0.8, Recognition.Prepare(For(d.Id), new Threshold(0.42)).Options.Threshold.Value); // the next camera starts at it
    }

    [Fact]
    public async Task A_run_records_its_alerts_which_the_desk_adjudicates_once()
    {
        var run = Recognition.Prepare(For(w: _watchlist), new Threshold(0.6));
        var source = new FakeSource([new FakeFrame(0, TimeSpan.Zero, new FakeFace([1f, 0, 0, 0])), new FakeFrame(1, TimeSpan.FromSeconds(30), new FakeFace([0, 1f, 0, 0]))]);
        var summary = await Recognition.RunAsync(source, run, null, CancellationToken.None);
        Assert.Equal((2L, 1L), (summary.FacesSeen, summary.AlertsRaised));
        var desk = new AlertDeskService(_store);
        var alert = Assert.Single(desk.List(run.Options.Run));
        RegisteredUsers.Add(_store, "op-1", Role.Operator);
        RegisteredUsers.Add(_store, "op-2", Role.Operator);
        RegisteredUsers.Add(_store, "sup-1", Role.Supervisor);
        Assert.Contains("is not a registered user", Assert.ThrowsAny<LfrInputException>(() => desk.Adjudicate(alert.Id, AlertDecision.Reject, "Totally Not A User", "lfr", null)).Message);
        Assert.Contains("only an operator may", Assert.ThrowsAny<LfrInputException>(() => desk.Adjudicate(alert.Id, AlertDecision.Reject, "sup-1", "lfr", null)).Message);
        desk.Adjudicate(alert.Id, AlertDecision.Confirm, "op-1", "lfr on test", null);
        Assert.ThrowsAny<LfrInputException>(() => desk.Adjudicate(alert.Id, AlertDecision.Reject, "op-2", "lfr on test", null));
        Assert.Equal(EngagementOutcome.Arrested, desk.RecordOutcome(alert.Id, EngagementOutcome.Arrested, "op-1", "lfr on test", null).Outcome);
    }

    [Fact]
    public async Task A_deployments_alert_is_seen_shown_and_decided_only_by_an_operator_assigned_to_it_and_each_showing_is_logged()
    {
        RegisteredUsers.Add(_store, "sup-1", Role.Supervisor);
        RegisteredUsers.Add(_store, "op-1", Role.Operator);
        RegisteredUsers.Add(_store, "op-2", Role.Operator);
        // Planned and started through the use cases, so the log holds its whole story and verifies.
        var deployments = UseCases.Deployments(_store, ModelCatalogue.Embedded);
        var d = deployments.Plan(new Application.Deployments.PlanRequest(new DeploymentId("DEP-R"), new DeploymentLocation("High Street", "Croydon"), T0.AddDays(10),
            T0.AddDays(10).AddHours(8), "p", new AuthorisingOfficer("A", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.7), RetentionPolicy.Default), "sup-1");
        _clock.SetUtcNow(T0.AddDays(1));
        deployments.PublishNotice(d.Id, "sup-1");
        _clock.SetUtcNow(T0.AddDays(10).AddHours(1));
        deployments.Start(d.Id, null, "sup-1");
        async Task<AlertId> AlertOf(RunRequest request)
        {
            var run = Recognition.Prepare(request, new Threshold(0.6));
            await Recognition.RunAsync(new FakeSource([new FakeFrame(0, TimeSpan.Zero, new FakeFace([1f, 0, 0, 0]))]), run, null, CancellationToken.None);
            return Assert.Single(_store.Runs().List(run.Options.Run)).Id;
        }
        var mine = await AlertOf(For(d.Id));
        var adHoc = await AlertOf(For(w: _watchlist, camera: "cam-9")); // an lfr run outside any deployment
        var desk = new AlertDeskService(_store);
        UseCases.Deployments(_store, ModelCatalogue.Embedded).AssignOperator(d.Id, "op-1", "sup-1", "lfr on test");

        // The console's queue: the operator's deployment only; a supervisor every alert (without evidence); anyone else none.
        Assert.Equal([mine], desk.QueueOf("op-1").Select(p => p.Id));
        Assert.Empty(desk.QueueOf("op-2"));
        Assert.Equal([mine, adHoc], desk.QueueOf("sup-1").Select(p => p.Id));
        Assert.Empty(desk.QueueOf("nobody"));
        Assert.True(desk.IsAssignedTo(mine, "op-1"));
        Assert.False(desk.IsAssignedTo(mine, "op-2"));
        Assert.False(desk.IsAssignedTo(adHoc, "op-1"));
        // The command line's: a run outside any deployment is assigned to no one, and any registered operator works it.
        Assert.Equal([mine, adHoc], desk.WorkOf("op-1", "lfr on test").Select(p => p.Alert.Id));
        Assert.Equal([adHoc], desk.WorkOf("op-2", "lfr on test").Select(p => p.Alert.Id));

        var size = _store.Audit.Size;
        Assert.Equal([0xFF, 0xD8, 1, 2, 3], desk.ViewProbe(mine, "op-1", "console from 127.0.0.1"));
        Assert.Equal(size + 1, _store.Audit.Size);
        Assert.Contains("'op-2' is not assigned to deployment DEP-R", Assert.Throws<NotAssignedException>(() => desk.ViewProbe(mine, "op-2", "lfr on test")).Message);
        Assert.Throws<NotAssignedException>(() => desk.Adjudicate(mine, AlertDecision.Confirm, "op-2", "lfr on test", null));
        Assert.Contains("only an operator may", Assert.ThrowsAny<LfrInputException>(() => desk.ViewProbe(mine, "sup-1", "lfr on test")).Message);
        Assert.Equal(size + 1, _store.Audit.Size); // a refusal shows and records nothing

        desk.Adjudicate(adHoc, AlertDecision.Reject, "op-2", "lfr on test", null);
        Assert.Null(desk.ViewProbe(adHoc, "op-2", "lfr on test")); // its evidence went with its rejection: nothing shown, nothing logged
        desk.Adjudicate(mine, AlertDecision.Confirm, "op-1", "console from 127.0.0.1", null);
        UseCases.Deployments(_store, ModelCatalogue.Embedded).UnassignOperator(d.Id, "op-1", "sup-1", "lfr on test");
        Assert.Throws<NotAssignedException>(() => desk.RecordOutcome(mine, EngagementOutcome.Arrested, "op-1", "lfr on test", null));
        Assert.Empty(desk.QueueOf("op-1"));

        var entries = _store.Audit.Entries().Select(l => AuditEntry.TryParse(l, out var e, out _) ? e : null).OfType<AuditEntry>().ToList();
        Assert.Equal([(mine.ToString(), "probe", "op-1", "console from 127.0.0.1")], entries.Where(e => e.Type == "evidence.viewed")
            .Select(e => (e.Data["alert"]!.ToJsonString(), (string)e.Data["evidence"]!, (string)e.Data["by"]!, (string)e.Data["via"]!)));
        var reading = LogContents.Read(entries);
        Assert.True(reading.Ok, string.Join("; ", reading.Problems));
    }

    [Fact]
    public async Task Upkeep_purges_only_on_the_real_clock_and_never_when_simulated()
    {
        var run = Recognition.Prepare(For(w: _watchlist), new Threshold(0.6));
        await Recognition.RunAsync(new FakeSource([new FakeFrame(0, TimeSpan.Zero, new FakeFace([1f, 0, 0, 0]))]), run, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(2)); // the undecided alert's evidence is past its day after the run ended
        // The same store opened on a simulation clock at the same moment: its upkeep deletes nothing.
        using (var onSimulation = SqliteDatabase.Open(Path.Combine(_dir, "store.db"), new SimulationClock(_clock.GetUtcNow())))
        {
            var simulated = StoreUpkeep.Run(onSimulation, null);
            Assert.Empty(simulated.Purges);
        }
        Assert.Single(_store.Retention.ListHeldEvidence());
        var real = StoreUpkeep.Run(_store, null);
        Assert.Equal(1, Assert.Single(real.Purges).AlertsPurged);
        Assert.Empty(_store.Retention.ListHeldEvidence());
    }
}
