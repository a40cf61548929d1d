using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Retention;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Storage.Tests.Contract;

/// <summary>
/// What every store adapter must do, written against <see cref="IStore"/> and its ports only. An adapter's
/// test class derives from this and says how to open a fresh store; SQLite passes it today, and a central
/// store for a force (PostgreSQL) must pass the same tests before it is used.
/// </summary>
public abstract class StoreContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Opens the store this test works on (the same one on every call), with this clock and access.</summary>
    protected abstract IStore Open(TimeProvider clock, StoreAccess access = StoreAccess.Write);

    public abstract void Dispose();

    private static EnrolledWatchlist Watchlist(string name = "wl")
    {
        var entries = new[] { "WL-1", "WL-2" }.Select(id => new WatchlistEntry(new WatchlistEntryId(id), WatchlistCategory.CourtWarrant, "src", "Insp X",
            T0.AddDays(-1), T0.AddDays(30), [$"{id}.jpg"])).ToList();
        return new EnrolledWatchlist(name, "model@abc", 3, T0, entries, entries.Select((e, i) => new EnrolledTemplate(e.Id, $"sha{i}", [i, 1f, 0.5f])).ToList());
    }

    private static Deployment Planned(string id = "DEP-1") => Deployment.Plan(new DeploymentId(id), new DeploymentLocation("High Street", "Croydon"),
        T0.AddDays(10), T0.AddDays(10).AddHours(8), "wanted offenders", new AuthorisingOfficer("A", "Superintendent"), [new CameraId("van-1")], "wl",
        new Threshold(0.6), RetentionPolicy.Default, T0);

    private static RunStart Run(string id, DeploymentId? deployment = null) => new(new RunId(id), new CameraId("van-1"), "video x", "wl", "hash", 2,
        new Threshold(0.5), QualityGate.Default, "every frame", "model@abc", T0, deployment);

    private static Alert Alert(string run, int i) => new(new RunId(run), new CameraId("van-1"), i, T0.AddSeconds(i), new WatchlistEntryId("WL-1"),
        WatchlistCategory.CourtWarrant, 0.71f, new Threshold(0.5), new BoxF(1, 2, 30, 40), [0xFF, 0xD8, (byte)i], [0.1f, 0.2f, i]);

    [Fact]
    public void A_watchlist_round_trips_by_name_and_by_content_hash()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var w = Watchlist();
        store.Enrol(w);
        var found = store.Watchlists.Find("wl")!;
        Assert.Equal(w.ContentHash, found.ContentHash);
        Assert.Equal(w.ContentHash, store.Watchlists.Find("wl", w.ContentHash)!.ContentHash);
        Assert.Null(store.Watchlists.Find("wl", new string('0', 64)));
        Assert.Single(store.Watchlists.List());
        Assert.Contains(store.Audit.Entries(), e => e.Contains("\"type\":\"watchlist.enrolled\""));
    }

    [Fact]
    public void A_deployment_is_added_once_updated_and_found()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var d = Planned();
        store.Plan(d);
        Assert.ThrowsAny<Exception>(() => store.Plan(Planned()));
        d.PublishNotice(T0.AddHours(1));
        store.Save(d);
        Assert.Equal(DeploymentState.NoticePublished, store.Deployments.Find(d.Id)!.State);
        Assert.Single(store.Deployments.List());
    }

    [Fact]
    public void A_unit_of_work_commits_everything_or_nothing()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var before = store.Audit.Size;
        using (var work = store.BeginUnitOfWork())
        {
            var rolledBack = Planned("DEP-RB");
            store.Deployments.Add(rolledBack);
            work.Raise(rolledBack.TakeEvents());
            // disposed without commit: rolled back, its entry with it
        }
        Assert.Null(store.Deployments.Find(new DeploymentId("DEP-RB")));
        Assert.Equal(before, store.Audit.Size);
        using (var work = store.BeginUnitOfWork())
        {
            var kept = Planned("DEP-OK");
            store.Deployments.Add(kept);
            work.Raise(kept.TakeEvents());
            work.Commit();
        }
        Assert.NotNull(store.Deployments.Find(new DeploymentId("DEP-OK")));
        Assert.Equal(before + 1, store.Audit.Size);
    }

    [Fact]
    public void Alerts_counts_and_their_log_entries_are_recorded_and_every_entry_is_in_the_log()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-1"));
        var ids = Enumerable.Range(0, 3).Select(i => runs.RecordAlert(Alert("run-1", i))).ToList();
        runs.RecordFaceCounts(new FaceCountMinute(new RunId("run-1"), new CameraId("van-1"), T0, 40, 30, 10, 3));
        Assert.Equal(3, ids.Distinct().Count());
        var listed = runs.List(new RunId("run-1"));
        Assert.Equal(3, listed.Count);
        Assert.Equal([0.1f, 0.2f, 2f], listed[2].Alert.ProbeEmbedding); // evidence readable while held
        Assert.Equal(("wl", "hash"), runs.WatchlistOf(new RunId("run-1")));
        // One alert found by its id is the one listed, evidence and all; an id never given finds none.
        var found = runs.Find(ids[1]);
        Assert.NotNull(found);
        Assert.Equal((listed[1].Id, listed[1].Alert.FrameIndex), (found.Id, found.Alert.FrameIndex));
        Assert.Equal(listed[1].Alert.ProbeEmbedding, found.Alert.ProbeEmbedding);
        Assert.Null(runs.Find(new AlertId(ids.Max(i => i.Value) + 1)));
        var entries = store.Audit.Entries().ToList();
        Assert.Equal(3, entries.Count(e => e.Contains("\"type\":\"alert.raised\"")));
        Assert.Single(entries, e => e.Contains("\"type\":\"faces.counted\""));
        // The log never holds evidence: no entry carries the embedding.
        Assert.DoesNotContain(entries, e => e.Contains("0.2", StringComparison.Ordinal) && e.Contains("embedding", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alert_keeps_its_track_and_its_sightings_only_grow_and_detections_are_counted_beside_people()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-4"));
        var id = runs.RecordAlert(Alert("run-4", 0) with { Track = "t7" });
        runs.RecordSightings(new AlertSightingsUpdate(id, 5, T0.AddSeconds(4), 0.8f));
        runs.RecordSightings(new AlertSightingsUpdate(id, 3, T0.AddSeconds(2), 0.75f)); // an older, smaller total never lowers it
        runs.RecordFaceCounts(new FaceCountMinute(new RunId("run-4"), new CameraId("van-1"), T0, 2, 2, 0, 1, Detections: 60));
        runs.RecordFaceCounts(new FaceCountMinute(new RunId("run-4"), new CameraId("van-1"), T0, 1, 0, 1, 0, Detections: 25));

        var alert = Assert.Single(runs.List(new RunId("run-4"))).Alert;
        Assert.Equal(("t7", 5, T0.AddSeconds(4)), (alert.Track, alert.Sightings, alert.LastSeenAt));
        Assert.Equal(2, store.Audit.Entries().Count(e => e.Contains("\"type\":\"alert.sightings\"")));
        Assert.Contains(store.Audit.Entries(), e => e.Contains("\"detections\":25"));
    }

    [Fact]
    public void A_user_is_added_once_found_by_exact_name_and_what_a_unit_of_work_raises_is_in_the_log_only_if_it_commits()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var user = new UserAccount("op.smith", Role.Operator, "AQAAAAIAAYagAAAAEhashhashhash", T0, "admin");
        using (var work = store.BeginUnitOfWork())
        {
            store.Users.Add(user);
            work.Raise(new UserAdded(user.Name, "operator", "admin", T0, "test"));
            work.Raise(new SignInRecorded(true, "op.smith", "127.0.0.1", T0.AddMinutes(1)));
            work.Raise(new SignInRecorded(false, "nobody", "127.0.0.1", T0.AddMinutes(2)));
            work.Commit();
        }
        Assert.ThrowsAny<LfrInputException>(() => store.Users.Add(user with { Role = Role.Reviewer }));
        Assert.Equal(user, store.Users.Find("op.smith"));
        Assert.Null(store.Users.Find("OP.SMITH"));
        var entries = store.Audit.Entries().ToList();
        Assert.Single(entries, e => e.Contains("\"type\":\"user.added\"") && e.Contains("op.smith") && e.Contains("operator"));
        Assert.Single(entries, e => e.Contains("\"type\":\"user.signed_in\""));
        Assert.Single(entries, e => e.Contains("\"type\":\"user.sign_in_refused\"") && e.Contains("nobody"));
        Assert.DoesNotContain(entries, e => e.Contains("hashhash", StringComparison.Ordinal));

        // Rolled back: neither the user nor the events it raised.
        using (var work = store.BeginUnitOfWork())
        {
            store.Users.Add(user with { Name = "op.jones" });
            work.Raise(new UserAdded("op.jones", "operator", "admin", T0, "test"));
        }
        Assert.Null(store.Users.Find("op.jones"));
        Assert.Equal(entries.Count, store.Audit.Entries().Count());
    }

    [Fact]
    public void An_api_key_is_kept_only_as_its_hash_found_by_id_revoked_once_and_a_rollback_keeps_none()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var token = ApiKeyToken.New();
        var key = new ApiKey(token.Id, "pnc-bridge", Role.Supervisor, ApiKey.HashOf(token.Secret), T0, "sup.one");
        store.ApiKeys.Add(key);
        Assert.ThrowsAny<LfrInputException>(() => store.ApiKeys.Add(key with { Client = "another" }));
        var found = store.ApiKeys.Find(token.Id);
        Assert.Equal(key, found);
        Assert.True(found!.Opens(token.Secret));
        Assert.False(found.Opens(ApiKeyToken.New().Secret));
        Assert.Null(store.ApiKeys.Find(ApiKeyId.New()));

        // Revoked once, with when and by whom; a second revocation changes nothing and is refused.
        var revoked = key with { RevokedAt = T0.AddHours(1), RevokedBy = "sup.two" };
        store.ApiKeys.Revoke(revoked);
        Assert.ThrowsAny<LfrInputException>(() => store.ApiKeys.Revoke(key with { RevokedAt = T0.AddHours(2), RevokedBy = "sup.one" }));
        Assert.Equal(revoked, store.ApiKeys.Find(token.Id));
        Assert.False(store.ApiKeys.Find(token.Id)!.IsActive);

        // A second key in a unit of work that never commits: not kept.
        var other = ApiKeyToken.New();
        using (var work = store.BeginUnitOfWork())
        {
            store.ApiKeys.Add(new ApiKey(other.Id, "dashboard", Role.Reviewer, ApiKey.HashOf(other.Secret), T0.AddMinutes(5), "sup.one"));
            work.Raise(new ApiKeyIssued(other.Id.Value, "dashboard", "reviewer", "sup.one", T0.AddMinutes(5), "test"));
        }
        Assert.Null(store.ApiKeys.Find(other.Id));
        Assert.Equal([revoked], store.ApiKeys.List());
    }

    [Fact]
    public void A_users_standing_and_new_password_are_kept_their_name_and_role_never_change_and_a_rollback_keeps_none()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var user = new UserAccount("op.smith", Role.Operator, "AQAAAAIAAYagAAAAEhashhashhash", T0, "admin");
        store.Users.Add(user);
        Assert.Equal(UserStatus.Active, store.Users.Find("op.smith")!.Status);

        var changed = user with { PasswordHash = "AQAAAAIAAYagAAAAEnewhash", PasswordChangedAt = T0.AddMinutes(1), DisabledAt = T0.AddMinutes(2) };
        using (var work = store.BeginUnitOfWork())
        {
            store.Users.HoldForChange();
            store.Users.Update(changed with { Role = Role.Supervisor, CreatedBy = "someone else" });
            work.Raise(new UserDisabled("op.smith", "sup", T0.AddMinutes(2), "test"));
            work.Commit();
        }
        // Times to the tick, as written; the role and who added them as they were.
        Assert.Equal(changed, store.Users.Find("op.smith"));
        Assert.Equal(UserStatus.Disabled, store.Users.Find("op.smith")!.Status);

        var removed = changed with { DisabledAt = null, RemovedAt = T0.AddMinutes(3) };
        store.Users.Update(removed);
        Assert.Equal(removed, Assert.Single(store.Users.List()));
        Assert.Equal(UserStatus.Removed, store.Users.Find("op.smith")!.Status);

        using (var work = store.BeginUnitOfWork())
        {
            store.Users.HoldForChange();
            store.Users.Update(removed with { RemovedAt = null });
            work.Raise(new UserEnabled("op.smith", "sup", T0.AddMinutes(4), "test"));
        }
        Assert.Equal(removed, store.Users.Find("op.smith"));
        Assert.DoesNotContain(store.Audit.Entries(), e => e.Contains("\"type\":\"user.enabled\""));
        Assert.ThrowsAny<LfrInputException>(() => store.Users.Update(removed with { Name = "op.nobody" }));
        Assert.Null(store.Users.Find("op.nobody"));
    }

    [Fact]
    public void An_operator_is_assigned_to_a_deployment_once_taken_off_and_a_runs_deployment_is_known()
    {
        using var store = Open(new FakeTimeProvider(T0));
        var d = Planned();
        store.Plan(d);
        store.Plan(Planned("DEP-2"));
        var a = new OperatorAssignment(d.Id, "op.smith", T0, "sup.jones");
        store.Assignments.Add(a);
        store.Assignments.Add(a with { Deployment = new DeploymentId("DEP-2") });
        store.Assignments.Add(a with { Operator = "op.brown" });
        Assert.ThrowsAny<LfrInputException>(() => store.Assignments.Add(a with { AssignedBy = "someone else" }));
        Assert.Equal([a with { Operator = "op.brown" }, a], store.Assignments.Of(d.Id));
        Assert.Equal(["DEP-1", "DEP-2"], store.Assignments.OfOperator("op.smith").Select(x => x.Deployment.Value));
        Assert.Empty(store.Assignments.OfOperator("OP.SMITH")); // names compare exactly, as users do
        Assert.True(store.Assignments.Remove(d.Id, "op.smith"));
        Assert.False(store.Assignments.Remove(d.Id, "op.smith"));
        Assert.Equal(["op.brown"], store.Assignments.Of(d.Id).Select(x => x.Operator));

        // Rolled back with the unit of work that made it.
        using (store.BeginUnitOfWork()) store.Assignments.Add(a);
        Assert.DoesNotContain(store.Assignments.Of(d.Id), x => x.Operator == "op.smith");

        var runs = store.Runs();
        runs.BeginRun(Run("run-in", d.Id));
        runs.BeginRun(Run("run-out"));
        Assert.Equal(d.Id, runs.DeploymentOf(new RunId("run-in")));
        Assert.Null(runs.DeploymentOf(new RunId("run-out")));
        Assert.Null(runs.DeploymentOf(new RunId("run-none")));
    }

    [Fact]
    public void A_decision_is_final_and_a_rejected_alerts_evidence_is_shredded()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-2"));
        var alert = runs.RecordAlert(Alert("run-2", 0));
        var desk = new AdjudicationDesk(store.Adjudications, store.Retention, clock);
        desk.Adjudicate(store, alert, AlertDecision.Reject, "op-1", null);
        Assert.ThrowsAny<LfrInputException>(() => desk.Adjudicate(store, alert, AlertDecision.Confirm, "op-2", null));
        Assert.Empty(runs.List(new RunId("run-2"))[0].Alert.ProbeEmbedding);
        Assert.Empty(runs.Find(alert)!.Alert.ProbeCropJpeg); // found alone, as listed: the evidence is gone
        Assert.DoesNotContain(store.Retention.ListHeldEvidence(), h => h.Alert == alert);
    }

    [Fact]
    public void An_alerts_scene_is_kept_with_its_crop_hashed_into_the_log_and_shredded_with_it()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-scene"));
        var withScene = Alert("run-scene", 1) with { SceneJpeg = [0xFF, 0xD8, 0x5C, 0xE0, 0xE1] };
        var id = runs.RecordAlert(withScene);
        var without = runs.RecordAlert(Alert("run-scene", 2));
        Assert.Equal(withScene.SceneJpeg, runs.Find(id)!.Alert.SceneJpeg);
        Assert.Equal(withScene.ProbeCropJpeg, runs.Find(id)!.Alert.ProbeCropJpeg);
        Assert.Empty(runs.Find(without)!.Alert.SceneJpeg);
        // The log's hash of the evidence covers the scene: crop, scene, embedding.
        var embedding = new byte[withScene.ProbeEmbedding.Length * 4];
        Buffer.BlockCopy(withScene.ProbeEmbedding, 0, embedding, 0, embedding.Length);
        var hash = Convert.ToHexStringLower(SHA256.HashData([.. withScene.ProbeCropJpeg, .. withScene.SceneJpeg, .. embedding]));
        Assert.Single(store.Audit.Entries(), e => e.Contains("\"type\":\"alert.raised\"") && e.Contains(hash));

        new AdjudicationDesk(store.Adjudications, store.Retention, clock).Adjudicate(store, id, AlertDecision.Reject, "op-1", null);
        Assert.Empty(runs.Find(id)!.Alert.SceneJpeg);
    }

    [Fact]
    public void Summaries_list_alerts_with_their_deployment_and_whether_evidence_is_held_and_undecided_leaves_out_the_decided()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var d = Planned();
        store.Plan(d);
        var runs = store.Runs();
        runs.BeginRun(Run("run-s", d.Id));
        runs.BeginRun(Run("run-t"));
        var ids = Enumerable.Range(0, 3).Select(i => runs.RecordAlert(Alert(i < 2 ? "run-s" : "run-t", i))).ToList();
        new AdjudicationDesk(store.Adjudications, store.Retention, clock).Adjudicate(store, ids[0], AlertDecision.Reject, "op-1", "not him");

        var all = runs.Summaries();
        Assert.Equal(ids, all.Select(a => a.Id));
        Assert.Equal([d.Id, d.Id, null], all.Select(a => a.Deployment));
        Assert.Equal([false, true, true], all.Select(a => a.EvidenceHeld)); // the rejected alert's evidence was shredded
        var listed = runs.List();
        Assert.Equal(listed.Select(a => (a.Alert.Candidate, a.Alert.Score, a.Alert.FaceBox, a.RaisedAt, a.Alert.FrameIndex)),
            all.Select(a => (a.Candidate, a.Score, a.FaceBox, a.RaisedAt, a.FrameIndex)));
        Assert.Equal(ids[1..], runs.Undecided().Select(a => a.Id));
        Assert.Equal(all[2], runs.Summary(ids[2]));
        Assert.Null(runs.Summary(new AlertId(ids.Max(i => i.Value) + 1)));
    }

    [Fact]
    public async Task A_watch_wakes_when_another_session_commits_an_entry_and_not_when_it_rolls_back()
    {
        using var store = Open(new FakeTimeProvider(T0));
        using var watch = store.WatchChanges();
        using var other = Open(new FakeTimeProvider(T0));
        // Settled first: opening a session, or a watch's first connection, may itself be a change heard a moment later.
        long mark = watch.Mark;
        while (await watch.WaitAsync(mark, TimeSpan.FromMilliseconds(500), CancellationToken.None)) mark = watch.Mark;
        using (var work = other.BeginUnitOfWork())
        {
            var rolledBack = Planned("DEP-RB");
            other.Deployments.Add(rolledBack);
            work.Raise(rolledBack.TakeEvents());
        }
        Assert.False(await watch.WaitAsync(mark, TimeSpan.FromMilliseconds(600), CancellationToken.None), "woken by a rollback");
        var waiting = watch.WaitAsync(mark, TimeSpan.FromSeconds(5), CancellationToken.None);
        other.Plan(Planned("DEP-OK"));
        Assert.True(await waiting, "not woken by a commit");
        Assert.True(watch.Mark > mark);
        // A wait from a mark already passed returns at once; a cancelled wait returns false.
        Assert.True(await watch.WaitAsync(mark, TimeSpan.Zero, CancellationToken.None));
        Assert.False(await watch.WaitAsync(watch.Mark + 1, TimeSpan.FromSeconds(5), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Retention_deletes_only_what_is_due_and_records_each_purge()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-3"));
        runs.RecordAlert(Alert("run-3", 0));
        runs.EndRun(new RunSummary(new RunId("run-3"), RunEnd.Completed, T0, T0.AddMinutes(1), 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, []));
        var enforcer = new RetentionEnforcer(store.Retention, clock);
        Assert.Empty(enforcer.Enforce());               // undecided: kept for a day after the run ended
        clock.Advance(TimeSpan.FromHours(25));
        var purge = Assert.Single(enforcer.Enforce());
        Assert.Equal(1, purge.AlertsPurged);
        Assert.Empty(store.Retention.ListHeldEvidence());
        Assert.Contains(store.Audit.Entries(), e => e.Contains("\"type\":\"evidence.purged\""));
    }

    [Fact]
    public void Signed_heads_verify_never_go_back_in_time_and_an_empty_log_is_not_signed()
    {
        var clock = new FakeTimeProvider(T0);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var store = Open(clock))
        {
            Assert.ThrowsAny<LfrInputException>(() => store.Audit.IssueTreeHead(key));
            store.Plan(Planned());
            store.Audit.IssueTreeHead(key);
        }
        // A clock hours behind the store is refused on opening to write; reading is still allowed.
        Assert.Throws<StoreClockBehindException>(() => Open(new FakeTimeProvider(T0.AddHours(-3))).Dispose());
        using (var reader = Open(new FakeTimeProvider(T0.AddHours(-3)), StoreAccess.Read))
            Assert.True(LogVerifier.Verify(reader.Audit.Entries().ToList(), reader.Audit.Heads(), key).Ok);
        clock.Advance(TimeSpan.FromMinutes(1));
        using (var store = Open(clock))
        {
            store.Plan(Planned("DEP-2"));
            var head = store.Audit.IssueTreeHead(key);
            Assert.True(head.Timestamp >= store.Audit.Heads()[0].Timestamp);
            Assert.True(LogVerifier.Verify(store.Audit.Entries().ToList(), store.Audit.Heads(), key).Ok);
            Assert.Equal(store.Audit.LatestRecordedTime(), head.Timestamp);
        }
    }

    [Fact]
    public void A_store_opened_to_read_refuses_to_write()
    {
        using (var store = Open(new FakeTimeProvider(T0))) store.Plan(Planned());
        using var reader = Open(new FakeTimeProvider(T0), StoreAccess.Read);
        Assert.ThrowsAny<Exception>(() => reader.Plan(Planned("DEP-RO")));
        Assert.Single(reader.Deployments.List());
    }

    [Fact]
    public void A_run_whose_process_is_gone_is_closed_once_and_a_live_one_is_left_alone()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = Open(clock);
        var runs = store.Runs();
        runs.BeginRun(Run("run-live"));
        Assert.Empty(runs.CloseInterruptedRuns()); // this very process owns it
    }
}
