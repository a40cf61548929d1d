using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Storage.Tests;

/// <summary>Adjudication rules, outcome counts and retention, on the real SQLite store.</summary>
[Trait("Category", "Dates")]
public class AdjudicationStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-adj-").FullName;
    private readonly SqliteDatabase _db;
    private readonly FakeTimeProvider _clock = new(T0);


    public AdjudicationStoreTests() => _db = SqliteDatabase.Open(Path.Combine(_dir, "s.db"), _clock);

    public void Dispose()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Deployment LiveDeployment()
    {
        var d = Deployment.Plan(new DeploymentId("DEP-7"), new DeploymentLocation("Station forecourt", "Romford"), T0, T0.AddHours(6), "wanted offenders",
            new AuthorisingOfficer("A. Example", "Supt"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, T0.AddDays(-20));
        d.PublishNotice(T0.AddDays(-14));
        d.Start(T0, new FrozenWatchlist("wl", new string('b', 64), 3, new Dictionary<WatchlistCategory, int> { [WatchlistCategory.CourtWarrant] = 3 }));
        var store = new SqlDeploymentStore(_db);
        store.Add(d);
        return d;
    }

    // One open run per camera of a deployment: a second run at once is on another camera.
    private List<AlertId> RunWithAlerts(Deployment d, int alerts, int facesSeen, string camera = "van-1")
    {
        var journal = new SqlRunJournal(_db);
        var run = new RunId("run-" + Guid.NewGuid().ToString("N")[..6]);
        journal.BeginRun(new RunStart(run, new CameraId(camera), "video", "wl", "h", 3, new Threshold(0.6), QualityGate.Default, "all", "m", T0, d.Id));
        var ids = Enumerable.Range(0, alerts).Select(i => journal.RecordAlert(new Alert(run, new CameraId(camera), i, T0.AddMinutes(i), new WatchlistEntryId("WL-1"),
            WatchlistCategory.CourtWarrant, 0.7f, new Threshold(0.6), new BoxF(0, 0, 50, 50), [0xFF, 0xD8, (byte)i], [1f, (float)i]))).ToList();
        journal.RecordFaceCounts(new FaceCountMinute(run, new CameraId(camera), T0, facesSeen, facesSeen, 0, alerts));
        return ids;
    }

    private AdjudicationDesk Desk() => new(new SqlAdjudicationStore(_db), new SqlRetentionStore(_db), _clock);

    [Fact]
    public void An_alert_is_decided_once_and_outcomes_follow_only_a_confirmation()
    {
        var ids = RunWithAlerts(LiveDeployment(), 3, 100);
        var desk = Desk();
        desk.Adjudicate(_db, ids[0], AlertDecision.Confirm, "op-1", "clear match");
        var again = Assert.Throws<LfrInputException>(() => desk.Adjudicate(_db, ids[0], AlertDecision.Reject, "op-2", null));
        Assert.Contains("already adjudicated (confirm by op-1", again.Message);

        desk.Adjudicate(_db, ids[1], AlertDecision.Reject, "op-1", null);
        Assert.Contains("only for a confirmed alert", Assert.Throws<LfrInputException>(() => desk.RecordEngagement(_db, ids[1], EngagementOutcome.Arrested, "pc-1", null)).Message);
        Assert.Contains("not adjudicated", Assert.Throws<LfrInputException>(() => desk.RecordEngagement(_db, ids[2], EngagementOutcome.Arrested, "pc-1", null)).Message);
        desk.RecordEngagement(_db, ids[0], EngagementOutcome.Arrested, "pc-1", null);
        Assert.Throws<LfrInputException>(() => desk.RecordEngagement(_db, ids[0], EngagementOutcome.NotLocated, "pc-1", null));
        Assert.Contains("does not exist", Assert.Throws<LfrInputException>(() => desk.Adjudicate(_db, new AlertId(999), AlertDecision.Confirm, "op", null)).Message);
    }

    [Fact]
    public void Outcome_figures_match_the_alerts_and_decisions_recorded()
    {
        var d = LiveDeployment();
        var ids = RunWithAlerts(d, 5, 1000);
        RunWithAlerts(d, 1, 500, camera: "van-2");
        var desk = Desk();
        desk.Adjudicate(_db, ids[0], AlertDecision.Confirm, "op", null);
        desk.Adjudicate(_db, ids[1], AlertDecision.Confirm, "op", null);
        desk.Adjudicate(_db, ids[2], AlertDecision.Reject, "op", null);
        desk.Adjudicate(_db, ids[3], AlertDecision.Unsure, "op", null);
        desk.RecordEngagement(_db, ids[0], EngagementOutcome.Arrested, "pc", null);
        desk.RecordEngagement(_db, ids[1], EngagementOutcome.WordsOfAdvice, "pc", null);

        var f = new SqlDeploymentStore(_db).Figures(d.Id);
        Assert.Equal(1500, f.FacesSeen);
        Assert.Equal(6, f.Alerts);
        Assert.Equal((2L, 1L, 1L, 2L), (f.Confirmed, f.Rejected, f.Unsure, f.NotAdjudicated));
        Assert.Equal(1, f.Arrests);
        Assert.Equal(1, f.Engagements[EngagementOutcome.WordsOfAdvice]);
        Assert.Equal(1 / 1500.0, f.FalseAlertRatePerFaceSeen!.Value, 10);
        Assert.Equal(1 / 6.0, f.FalseAlertRatePerAlert!.Value, 10);
    }

    [Fact]
    public void Retention_deletes_rejected_at_once_unadjudicated_a_day_after_the_end_and_confirmed_after_31_days()
    {
        var d = LiveDeployment();
        var ids = RunWithAlerts(d, 3, 10);
        var desk = Desk();
        desk.Adjudicate(_db, ids[0], AlertDecision.Reject, "op", null);      // evidence goes now
        desk.Adjudicate(_db, ids[1], AlertDecision.Confirm, "op", null);     // kept 31 days
        var retention = new SqlRetentionStore(_db);
        Assert.Equal([ids[1], ids[2]], retention.ListHeldEvidence().Select(e => e.Alert));

        var enforcer = new RetentionEnforcer(retention, _clock);
        _clock.SetUtcNow(T0.AddHours(29)); // a day and more after the start
        Assert.Empty(enforcer.Enforce()); // the deployment has not ended: the operator may still decide

        d.End(T0.AddHours(6));
        new SqlDeploymentStore(_db).Update(d);
        _clock.SetUtcNow(T0.AddHours(6).AddHours(24).AddSeconds(-1));
        Assert.Empty(enforcer.Enforce());
        _clock.SetUtcNow(T0.AddHours(30));
        var purge = Assert.Single(enforcer.Enforce());
        Assert.Equal(("never adjudicated", 1), (purge.Reason, purge.AlertsPurged));
        Assert.Equal([ids[1]], retention.ListHeldEvidence().Select(e => e.Alert));

        _clock.SetUtcNow(T0.AddDays(31).AddMinutes(1));
        Assert.Equal("confirmed match retention ended", Assert.Single(enforcer.Enforce()).Reason);
        Assert.Empty(retention.ListHeldEvidence());
        // Each purge is recorded with its count; the alerts themselves remain for the outcome figures.
        Assert.Equal(3, new SqlDeploymentStore(_db).Figures(d.Id).Alerts);
    }
}
