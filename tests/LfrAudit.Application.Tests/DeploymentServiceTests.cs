using System.Security.Cryptography;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Recognition.Matching;
using LfrAudit.Testing.Stores;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>The deployment use cases, called directly (no command line), on the in-memory store (which passes the store contract) with a manual clock.</summary>
[Trait("Category", "Dates")]
public sealed class DeploymentServiceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly IStore _store;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public DeploymentServiceTests()
    {
        _store = InMemoryStore.Create(_clock);
        _store.TreeHeadSigner = _key;
        EnrolledWatchlists.Small(_store, T0);
        RegisteredUsers.Add(_store, "sup.one", Role.Supervisor);
        RegisteredUsers.Add(_store, "op.one", Role.Operator);
    }

    public void Dispose()
    {
        _store.Dispose();
        _key.Dispose();
    }

    private sealed class Calibration : IModelCatalogue
    {
        public Threshold? CalibratedFor(string modelId) => modelId == "model@abc" ? new Threshold(0.5) : null;
        public RecognitionModelName? Describe(string modelId) => null;
    }

    private DeploymentService Service => new(_store, new DocumentPublisher(_store, PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales, new Calibration()),
        WorkingDayCalendar.EnglandAndWales, new Calibration());

    private static PlanRequest Request(string id = "DEP-1", string camera = "van-1", string watchlist = "wl") => new(new DeploymentId(id),
        new DeploymentLocation("High Street", "Croydon"), T0.AddDays(10), T0.AddDays(10).AddHours(8), "wanted offenders",
        new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId(camera)], watchlist, null, RetentionPolicy.Default);

    [Fact]
    public void A_whole_deployment_runs_through_the_service_with_its_documents_frozen_and_anchored()
    {
        var plan = Service.Plan(Request(), "sup.one");
        Assert.Equal(0.5, plan.Threshold.Value); // calibrated for the model the watchlist was enrolled with, when the plan gives none
        Assert.Equal("notice", Assert.Single(Service.Status()).Document);

        _clock.SetUtcNow(T0.AddDays(1));
        var notice = Service.PublishNotice(plan.Id, "sup.one", "test");
        Assert.Equal(PublicNotice.Kind, notice.Document!.Kind);
        _clock.SetUtcNow(T0.AddDays(10));
        var live = Service.Start(plan.Id, null, "sup.one").Deployment;
        Assert.Equal(("wl", 2), (live.Watchlist!.Name, live.Watchlist.Entries));
        _clock.SetUtcNow(T0.AddDays(10).AddHours(8));
        Service.End(plan.Id, "sup.one");
        _clock.SetUtcNow(T0.AddDays(11));
        var outcome = Service.PublishOutcome(plan.Id, "sup.one", "test");
        Assert.Equal(OutcomeReport.Kind, outcome.Document!.Kind);
        Assert.Equal("on time", Assert.Single(Service.Status()).Status);

        // Both documents carry the signed head they were published under, and the log verifies.
        Assert.All(_store.Documents.List(), d => Assert.NotNull(d.Anchor));
        Assert.True(LogVerifier.Verify(_store.Audit.Entries().ToList(), _store.Audit.Heads(), _key).Ok);
    }

    [Fact]
    public void Planning_refuses_an_unknown_watchlist_and_a_camera_already_booked()
    {
        Assert.Contains("not enrolled", Assert.ThrowsAny<LfrInputException>(() => Service.Plan(Request(watchlist: "nope"), "sup.one")).Message);
        Service.Plan(Request(), "sup.one");
        Assert.Contains("overlaps deployment DEP-1", Assert.Throws<DeploymentRuleException>(() => Service.Plan(Request("DEP-2"), "sup.one")).Message);
        Service.Plan(Request("DEP-3", camera: "van-2"), "sup.one");
        Assert.Equal(2, Service.List().Count);
    }

    [Fact]
    public void A_refused_step_changes_nothing_and_logs_nothing()
    {
        var plan = Service.Plan(Request(), "sup.one");
        var entries = _store.Audit.Size;
        Assert.ThrowsAny<LfrInputException>(() => Service.PublishOutcome(plan.Id, "sup.one")); // not ended
        Assert.ThrowsAny<LfrInputException>(() => Service.Start(plan.Id, null, "sup.one"));         // no notice, no override
        Assert.Equal(DeploymentState.Planned, Service.Find(plan.Id).State);
        Assert.Equal(entries, _store.Audit.Size);
        Assert.Empty(_store.Documents.List());
    }

    [Fact]
    public void Publications_and_threshold_changes_name_a_registered_supervisor_and_say_through_what()
    {
        var plan = Service.Plan(Request(), "sup.one");
        var entries = _store.Audit.Size;
        _clock.SetUtcNow(T0.AddDays(1));
        var unknown = Assert.ThrowsAny<LfrInputException>(() => Service.PublishNotice(plan.Id, "Totally Not A User", "lfr on host as x"));
        Assert.Contains("'Totally Not A User' is not a registered user", unknown.Message);
        var operatorInstead = Assert.ThrowsAny<LfrInputException>(() => Service.PublishNotice(plan.Id, "op.one", "lfr on host as x"));
        Assert.Contains("'op.one' is an operator: only a supervisor may", operatorInstead.Message);
        Assert.ThrowsAny<LfrInputException>(() => Service.ChangeThreshold(plan.Id, new Threshold(0.7), "op.one", "too many false alerts"));
        Assert.Equal(entries, _store.Audit.Size); // refused before anything was recorded
        Assert.Equal(DeploymentState.Planned, Service.Find(plan.Id).State);

        Service.PublishNotice(plan.Id, "sup.one", "lfr on van-1 as pc123");
        Service.ChangeThreshold(plan.Id, new Threshold(0.7), "sup.one", "too many false alerts", "lfr on van-1 as pc123");
        var read = _store.Audit.Entries().Select(l => AuditVocabulary.Read(AuditEntry.FromJson(System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject()))).ToList();
        var notice = read.Select(r => r.Event).OfType<NoticePublished>().Single();
        Assert.Equal(("sup.one", "lfr on van-1 as pc123"), (notice.By, notice.Via));
        var change = read.Select(r => r.Event).OfType<ThresholdChanged>().Single();
        Assert.Equal(("sup.one", 0.7), (change.By, change.To));
        Assert.All(read, r => Assert.True(r.WellFormed, string.Join("; ", r.Problems)));
    }

    [Fact]
    public void Operators_are_assigned_and_taken_off_by_a_supervisor_once_each_and_every_change_is_one_entry_that_verifies()
    {
        RegisteredUsers.Add(_store, "op.two", Role.Operator);
        RegisteredUsers.Add(_store, "iag.one", Role.Reviewer);
        RegisteredUsers.Add(_store, "op.gone", Role.Operator);
        RegisteredUsers.Add(_store, "op.off", Role.Operator);
        var users = new UserManagement(_store, new LfrAudit.Testing.TestPasswordHashing());
        users.Remove("op.gone", "sup.one", "lfr on host as x");
        users.Disable("op.off", "sup.one", "lfr on host as x");
        var plan = Service.Plan(Request(), "sup.one");
        var entries = _store.Audit.Size;
        string Refusal(Action act) => Assert.ThrowsAny<LfrInputException>(act).Message;
        Assert.Contains("'op.one' is an operator: only a supervisor may assign operators to deployments", Refusal(() => Service.AssignOperator(plan.Id, "op.two", "op.one")));
        Assert.Contains("'nobody' is not a registered user", Refusal(() => Service.AssignOperator(plan.Id, "nobody", "sup.one")));
        Assert.Contains("'iag.one' is a reviewer: only operators are assigned", Refusal(() => Service.AssignOperator(plan.Id, "iag.one", "sup.one")));
        Assert.Contains("'sup.one' is a supervisor: only operators are assigned", Refusal(() => Service.AssignOperator(plan.Id, "sup.one", "sup.one")));
        Assert.Contains("operator 'op.gone' is removed: only an active operator", Refusal(() => Service.AssignOperator(plan.Id, "op.gone", "sup.one")));
        Assert.Contains("operator 'op.off' is disabled: only an active operator", Refusal(() => Service.AssignOperator(plan.Id, "op.off", "sup.one")));
        Assert.Contains("deployment DEP-9 does not exist", Refusal(() => Service.AssignOperator(new DeploymentId("DEP-9"), "op.one", "sup.one")));
        Assert.Contains("'op.one' is not assigned to deployment DEP-1", Refusal(() => Service.UnassignOperator(plan.Id, "op.one", "sup.one")));
        Assert.Equal(entries, _store.Audit.Size); // refused before anything was recorded

        var assigned = Service.AssignOperator(plan.Id, " op.one ", "sup.one", "lfr on host as x");
        Assert.Equal(("op.one", "sup.one", T0), (assigned.Operator, assigned.AssignedBy, assigned.AssignedAt));
        Assert.Contains("already assigned to deployment DEP-1 (by sup.one", Refusal(() => Service.AssignOperator(plan.Id, "op.one", "sup.one")));
        Service.AssignOperator(plan.Id, "op.two", "sup.one", "lfr on host as x");
        Assert.Equal(["op.one", "op.two"], Service.Show(plan.Id).Operators.Select(a => a.Operator));
        Service.UnassignOperator(plan.Id, "op.one", "sup.one", "console from 10.0.0.1");
        Assert.Equal(["op.two"], Service.Operators(plan.Id).Select(a => a.Operator));
        Assert.Equal(entries + 3, _store.Audit.Size);

        var events = _store.Audit.Entries().Select(l => AuditVocabulary.Read(AuditEntry.FromJson(System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject())).Event).ToList();
        Assert.Equal([new OperatorAssigned("DEP-1", "op.one", "sup.one", T0, "lfr on host as x"), new OperatorAssigned("DEP-1", "op.two", "sup.one", T0, "lfr on host as x")],
            events.OfType<OperatorAssigned>());
        Assert.Equal(new OperatorUnassigned("DEP-1", "op.one", "sup.one", T0, "console from 10.0.0.1"), events.OfType<OperatorUnassigned>().Single());
        Assert.True(LogContents.Read(_store.Audit.Entries().Select(l => AuditEntry.FromJson(System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject())).ToList()).Ok);

        // A cancelled deployment raises no alert: no one is assigned to it.
        _clock.SetUtcNow(T0.AddDays(1));
        Service.Cancel(plan.Id, "intelligence changed", "sup.one");
        Assert.Contains("was cancelled", Refusal(() => Service.AssignOperator(plan.Id, "op.one", "sup.one")));
    }
}
