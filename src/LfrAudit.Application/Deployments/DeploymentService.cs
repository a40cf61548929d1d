using LfrAudit.Application.Accounts;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Deployments;

/// <summary>
/// The deployment use cases: plan, publish the notice, go live (freezing the watchlist), change the threshold,
/// end, cancel, publish the outcome, and what is due. Each step and the document it publishes commit together;
/// then the document is anchored under a signed tree head. The rules themselves live in <see cref="Deployment"/>.
/// </summary>
public sealed class DeploymentService(IStore store, DocumentPublisher publisher, WorkingDayCalendar calendar, IModelCatalogue calibration)
{
    private TimeProvider Clock => store.Clock;

    /// <summary>Whether each step is only checked: taken on a copy of the deployment that is never saved (<see cref="Rehearsal"/>).</summary>
    private bool Rehearsing { get; init; }

    /// <summary>
    /// The same use cases, rehearsed: each step is checked and taken on a copy of the deployment that is never saved — no
    /// record, no entry, no document — so whatever it would refuse (who asks, the deployment's state, its rules) is refused
    /// on a store opened only to read, before the store is opened to write (which may close a dead process's runs and
    /// sign a recovery head). Left to the step itself, on the store opened to write: cameras still running (a dead
    /// process's run is closed only then) and the outcome report's check against the log.
    /// </summary>
    public DeploymentService Rehearsal() => new(store, publisher, calendar, calibration) { Rehearsing = true };

    /// <summary>
    /// Plans a deployment, by a registered supervisor. Without a threshold in the request, the one calibrated for the model
    /// the watchlist was enrolled with is recorded (a threshold means something only for the model it was measured on).
    /// </summary>
    public Deployment Plan(PlanRequest r, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        var watchlist = store.Watchlists.Find(r.Watchlist)
            ?? throw new LfrInputException($"watchlist '{r.Watchlist}' is not enrolled in {store.Location}: enrol it before planning");
        var threshold = r.Threshold ?? calibration.CalibratedFor(watchlist.ModelId)
            ?? throw new LfrInputException($"watchlist '{r.Watchlist}' was enrolled with model {watchlist.ModelId}, which has no calibrated threshold: give one");
        var plan = Deployment.Plan(r.Id, r.Location, r.Start, r.End, r.Purpose, r.Officer, r.Cameras, r.Watchlist, threshold, r.Retention, Clock.GetUtcNow(), actor);
        if (store.Deployments.List().FirstOrDefault(plan.OverlapsOnAnyCamera) is { } clash)
            throw new DeploymentRuleException($"deployment {plan.Id} overlaps deployment {clash.Id} ({LondonTime.Show(clash.PlannedStart)} to {LondonTime.Show(clash.PlannedEnd)}) on camera {string.Join(", ", plan.Cameras.Intersect(clash.Cameras))}");
        if (Rehearsing) return plan;
        using var work = store.BeginUnitOfWork();
        store.Deployments.Add(plan);
        work.Raise(plan.TakeEvents());
        work.Commit();
        return plan;
    }

    /// <summary>Publishes the notice, by a registered supervisor.</summary>
    public DeploymentStep PublishNotice(DeploymentId id, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        return Step(id, d => d.PublishNotice(Clock.GetUtcNow(), actor), d => publisher.FreezeNotice(d, d.NoticePublishedAt!.Value));
    }

    /// <summary>
    /// Goes live with the watchlist as enrolled now, frozen by its content hash, started by a registered supervisor. An
    /// urgent override must be authorised by a registered supervisor too (the same one, from the command line).
    /// </summary>
    public DeploymentStep Start(DeploymentId id, OverrideRequest? urgent, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        var authoriser = urgent is null ? null : Actors.Require(store, urgent.By, Permission.OverrideNotice, via);
        return Step(id, d =>
        {
            var watchlist = store.Watchlists.Find(d.WatchlistName)
                ?? throw new LfrInputException($"watchlist '{d.WatchlistName}' of deployment {d.Id} is no longer enrolled");
            var frozen = new FrozenWatchlist(watchlist.Name, watchlist.ContentHash, watchlist.Entries.Count, watchlist.CountByCategory());
            d.Start(Clock.GetUtcNow(), frozen, urgent is null ? null : new UrgentOverride(urgent.Reason, authoriser!.Name, Clock.GetUtcNow()), actor);
        });
    }

    /// <summary>Ends a live deployment, by a registered supervisor.</summary>
    public DeploymentStep End(DeploymentId id, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        return Step(id, d => d.End(Clock.GetUtcNow(), actor));
    }

    /// <summary>Cancels a deployment that has not started, by a registered supervisor.</summary>
    public DeploymentStep Cancel(DeploymentId id, string reason, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        return Step(id, d => d.Cancel(Clock.GetUtcNow(), reason, actor));
    }

    /// <summary>
    /// Changes the threshold, by a registered supervisor, with a reason — only while none of the deployment's cameras is
    /// running: a camera searches at the threshold it started with, so a change while one runs would make the record say
    /// one threshold while a camera used another. Stop the cameras, change it, start them again.
    /// </summary>
    public DeploymentStep ChangeThreshold(DeploymentId id, Threshold to, string by, string reason, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.ChangeThreshold, via);
        if (!Rehearsing && OpenRuns(id) is { Count: > 0 } running)
            throw new DeploymentRuleException($"deployment {id}: its threshold cannot change while cameras are running ({string.Join(", ", running.Select(r => $"{r.Camera} at {r.Threshold} in run {r.Run}"))}): each camera searches at the threshold it started with; stop them, change it, and start them again");
        return Step(id, d => d.ChangeThreshold(to, actor.Name, reason, Clock.GetUtcNow(), actor.Via));
    }

    /// <summary>
    /// Publishes the outcome report, by a registered supervisor — refused (<see cref="PublicationRefusedException"/>) unless
    /// the store agrees with its audit log, as 'publish site' requires, and the report states what the log records.
    /// </summary>
    public DeploymentStep PublishOutcome(DeploymentId id, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.RunDeployments, via);
        // Its site's log, or the store's own when the record is gone (the check then says what the log planned). Rehearsed on
        // a store read without its key, the records are checked against the log's content; its signatures, by the step.
        publisher.RequireStoreAgreesWithLog($"deployment {id}: outcome report", store.Deployments.Find(id)?.Site ?? store.Site);
        return Step(id, d => d.PublishOutcome(Clock.GetUtcNow(), actor), d => publisher.FreezeOutcome(d, d.OutcomePublishedAt!.Value));
    }

    /// <summary>
    /// Assigns a registered operator to the deployment, by a registered supervisor: from then on the operator sees its alerts
    /// and their evidence, and decides them. The assignment and its entry (in the log of the deployment's site) commit together.
    /// An operator already assigned is refused, so the log records each assignment once.
    /// </summary>
    public OperatorAssignment AssignOperator(DeploymentId id, string operatorName, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.AssignOperators, via);
        var user = RegisteredOperator(operatorName);
        var d = Find(id);
        using var work = store.BeginUnitOfWork();
        var (assignment, assigned) = OperatorAssignments.Assign(d, user, store.Assignments.Of(id), actor, Clock.GetUtcNow());
        store.Assignments.Add(assignment);
        work.Raise(assigned, d.Site);
        work.Commit();
        return assignment;
    }

    /// <summary>Takes an operator off the deployment, by a registered supervisor: its alerts and evidence are no longer theirs.</summary>
    public OperatorUnassigned UnassignOperator(DeploymentId id, string operatorName, string by, string? via = null)
    {
        var actor = Actors.Require(store, by, Permission.AssignOperators, via);
        var d = Find(id);
        using var work = store.BeginUnitOfWork();
        var unassigned = OperatorAssignments.Unassign(d, operatorName.Trim(), store.Assignments.Of(id), actor, Clock.GetUtcNow());
        store.Assignments.Remove(id, unassigned.Operator);
        work.Raise(unassigned, d.Site);
        work.Commit();
        return unassigned;
    }

    /// <summary>The operators assigned to the deployment now.</summary>
    public IReadOnlyList<OperatorAssignment> Operators(DeploymentId id) => store.Assignments.Of(Find(id).Id);

    private UserAccount RegisteredOperator(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidValueException(InputField.Operator, name, "name the registered operator to assign");
        return store.Users.Find(name.Trim())
            ?? throw new LfrInputException($"'{SafeText.Escape(name.Length > 64 ? name[..64] + "…" : name)}' is not a registered user of {store.Location}: only a registered operator is assigned to a deployment (lfr users list; lfr users add)");
    }

    /// <summary>The deployment of this id; an unknown one is refused in one line.</summary>
    public Deployment Find(DeploymentId id) => store.Deployments.Find(id) ?? throw new LfrInputException($"deployment {id} does not exist");

    /// <summary>The deployment with its documents, operators and figures, as a front end shows it.</summary>
    public DeploymentDetails Show(DeploymentId id)
    {
        var d = Find(id);
        return new DeploymentDetails(d, store.Deployments.Figures(d.Id), store.Assignments.Of(d.Id));
    }

    /// <summary>Every deployment of the store.</summary>
    public IReadOnlyList<Deployment> List() => store.Deployments.List();

    /// <summary>Its cameras running now, each with the threshold it searches at.</summary>
    public IReadOnlyList<DeploymentRun> OpenRuns(DeploymentId id) => store.Deployments.RunsOf(id).Where(r => r.Open).OrderBy(r => r.Camera.Value, StringComparer.Ordinal).ToList();

    /// <summary>What is due, overdue, on time or late, for every deployment that owes a document now.</summary>
    public IReadOnlyList<DeadlineStatus> Status()
    {
        var now = Clock.GetUtcNow();
        return store.Deployments.List().Select(d => DeadlineStatus.Of(d, now, calendar)).Where(s => s is not null).Select(s => s!).ToList();
    }

    /// <summary>
    /// A deployment step and the document it publishes, if any, committed together (<see cref="Apply"/>) — or, rehearsed,
    /// the step alone taken on the copy just read, which is never saved.
    /// </summary>
    private DeploymentStep Step(DeploymentId id, Action<Deployment> step, Func<Deployment, PublishedDocument>? publish = null)
    {
        var d = Find(id);
        if (Rehearsing)
        {
            step(d);
            return new DeploymentStep(d, null);
        }
        return Apply(d, x => { step(x); return publish?.Invoke(x); });
    }

    /// <summary>
    /// A deployment step, applied by the caller's action, and any document it publishes commit together or not at all;
    /// then new documents are anchored under a signed tree head covering their log entries (a scripted scenario holds the deployment).
    /// </summary>
    public DeploymentStep Apply(Deployment d, Func<Deployment, PublishedDocument?> act)
    {
        PublishedDocument? doc;
        using (var work = store.BeginUnitOfWork())
        {
            doc = act(d);
            store.Deployments.Update(d);
            work.Raise(d.TakeEvents());
            if (doc is not null) work.Raise(new DocumentPublished(doc.Deployment.Value, doc.Kind, doc.Sha256, doc.PublishedAt));
            work.Commit();
        }
        publisher.AnchorNewDocuments();
        return new DeploymentStep(d, doc);
    }
}
