using LfrAudit.Application.Accounts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Alerts;

/// <summary>A watchlist reference image as enrolled: its path under the images root and its bytes.</summary>
public sealed record ReferenceImage(string Path, byte[] Bytes);

/// <summary>An alert waiting for an operator, beside the watchlist entry (and its reference images) it names.</summary>
public sealed record PendingAlert(StoredAlert Alert, WatchlistEntry? Entry);

/// <summary>
/// The operators' and officers' use cases: alerts waiting or decided, their evidence, a decision (once, final, audited), an
/// engagement outcome. An operator works only the alerts of the deployments a supervisor assigned them to: only those are in
/// their console queue, only their evidence is shown to them, and only those they may decide or record an outcome for, on
/// the command line as in the console. An alert of a run outside any deployment (an ad-hoc <c>lfr run</c>) has no operator
/// assigned: the console shows it to supervisors only (without evidence), and a registered operator decides it on the
/// command line. Every showing of evidence is an <see cref="EvidenceViewed"/> entry, committed before the bytes are given.
/// </summary>
public sealed class AlertDeskService(IStore store)
{
    private AdjudicationDesk Desk => new(store.Adjudications, store.Retention, store.Clock);

    /// <summary>The alerts of a run (all runs: null), as stored.</summary>
    public IReadOnlyList<StoredAlert> List(RunId? run = null) => store.Runs().List(run);

    /// <summary>Alerts no operator has decided yet, each with the watchlist entry it names (null when that watchlist version is gone).</summary>
    public IReadOnlyList<PendingAlert> Pending(RunId? run = null) => Pending(run, _ => true);

    private List<PendingAlert> Pending(RunId? run, Func<StoredAlert, bool> shown)
    {
        var runs = store.Runs();
        return runs.List(run).Where(a => shown(a) && store.Adjudications.FindAdjudication(a.Id) is null).Select(a =>
        {
            var watchlist = runs.WatchlistOf(a.Alert.Run) is { } w ? store.Watchlists.Find(w.Name, w.ContentHash) : null;
            return new PendingAlert(a, watchlist?.Entries.FirstOrDefault(e => e.Id == a.Alert.Candidate));
        }).ToList();
    }

    /// <summary>
    /// The console's queue for a signed-in user, as summaries (no evidence opened): a supervisor watches every waiting alert
    /// (never its evidence); an operator sees those of the deployments they are assigned to; anyone else, none.
    /// </summary>
    public IReadOnlyList<AlertSummary> QueueOf(string user) => QueueFor(store.Users.Find(user)?.Role, user);

    /// <summary>
    /// The queue as <paramref name="role"/> sees it: a supervisor — a person or a supervisor's API key — every waiting alert;
    /// the operator <paramref name="user"/> those of their deployments; any other role, none.
    /// </summary>
    public IReadOnlyList<AlertSummary> QueueFor(Role? role, string user)
    {
        if (role is not (Role.Supervisor or Role.Operator)) return [];
        var waiting = store.Runs().Undecided();
        if (role is Role.Supervisor) return waiting;
        var assigned = AssignedDeployments(user);
        return [.. waiting.Where(a => a.Deployment is { } d && assigned.Contains(d))];
    }

    /// <summary>
    /// The console's queue for a signed-in user as cards (<see cref="QueueOf"/>): each waiting alert with the deployment its
    /// run belongs to, the entry it names and the action that entry calls for. One query for the queue, none for evidence.
    /// </summary>
    public IReadOnlyList<QueuedAlert> CardsOf(string user) => CardsFor(store.Users.Find(user)?.Role, user);

    /// <summary>The queue as cards for <paramref name="role"/> (<see cref="QueueFor"/>): how a machine client with a supervisor's key reads it.</summary>
    public IReadOnlyList<QueuedAlert> CardsFor(Role? role, string user) => [.. QueueFor(role, user).Select(a => QueuedAlert.From(a, EntryNamed(a)))];

    /// <summary>
    /// Confirmed alerts of the deployments <paramref name="operatorName"/> is assigned to whose officers' outcome is not
    /// recorded yet, oldest first: any of them may get one, not only the last confirmed.
    /// </summary>
    public IReadOnlyList<QueuedAlert> AwaitingOutcome(string operatorName)
    {
        if (store.Users.Find(operatorName)?.Role is not Role.Operator) return [];
        var assigned = AssignedDeployments(operatorName);
        return [.. store.Runs().Summaries().Where(a => a.Deployment is { } d && assigned.Contains(d)
                && store.Adjudications.FindAdjudication(a.Id)?.Decision is AlertDecision.Confirm && store.Adjudications.FindEngagement(a.Id) is null)
            .Select(QueuedAlert.From)];
    }

    // A watchlist version never changes once enrolled (its name and content hash name it), nor does the one a run searched:
    // both are read once per desk, so a queue refreshed as alerts arrive does not read the watchlist again each time.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RunId, (string Name, string ContentHash)?> _watchlistOfRun = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), IReadOnlyDictionary<WatchlistEntryId, WatchlistEntry>?> _entries = new();

    private WatchlistEntry? EntryNamed(AlertSummary a)
    {
        if (_watchlistOfRun.GetOrAdd(a.Run, r => store.Runs().WatchlistOf(r)) is not { } w) return null;
        var entries = _entries.GetOrAdd(w, k => store.Watchlists.Find(k.Item1, k.Item2)?.Entries.ToDictionary(e => e.Id));
        return entries is not null && entries.TryGetValue(a.Candidate, out var entry) ? entry : null;
    }

    /// <summary>Whether the alert is one of the deployments <paramref name="operatorName"/> is assigned to (false for no such alert, or one outside any deployment).</summary>
    public bool IsAssignedTo(AlertId id, string operatorName) => store.Runs().Summary(id) is { } a && Works(a.Run, operatorName, out _);

    /// <summary>
    /// The undecided alerts a registered operator may work on the command line: those of the deployments they are assigned
    /// to, and those of runs outside any deployment (which no one is assigned to).
    /// </summary>
    public IReadOnlyList<PendingAlert> WorkOf(string by, string? via, RunId? run = null)
    {
        var actor = Actors.Require(store, by, Permission.Adjudicate, via);
        var runs = store.Runs();
        var assigned = AssignedRuns(actor.Name);
        return Pending(run, a => assigned.Contains(a.Alert.Run) || runs.DeploymentOf(a.Alert.Run) is null);
    }

    // The deployments the operator is assigned to now.
    private HashSet<DeploymentId> AssignedDeployments(string operatorName) => store.Assignments.OfOperator(operatorName).Select(a => a.Deployment).ToHashSet();

    // The runs of every deployment the operator is assigned to now.
    private HashSet<RunId> AssignedRuns(string operatorName) =>
        store.Assignments.OfOperator(operatorName).SelectMany(a => store.Deployments.RunsOf(a.Deployment)).Select(r => r.Run).ToHashSet();

    /// <summary>One alert as stored (its evidence while held), or null.</summary>
    public StoredAlert? Find(AlertId id) => store.Runs().Find(id);

    /// <summary>
    /// The alert's probe crop, shown to a registered operator who works the alert: the view is logged (what, to whom, through
    /// what) and committed first. Null, and nothing logged, when there is no such alert or its evidence was deleted.
    /// </summary>
    public byte[]? ViewProbe(AlertId id, string by, string? via) => Viewed(id, EvidenceViewed.Probe, by, via, a => a.Alert.ProbeCropJpeg);

    /// <summary>
    /// The alert's scene (the frame, small, the face boxed, everyone else de-identified), shown and logged as the probe is;
    /// null, and nothing logged, for an alert raised before scenes were kept.
    /// </summary>
    public byte[]? ViewScene(AlertId id, string by, string? via) =>
        Viewed(id, EvidenceViewed.Scene, by, via, a => a.Alert.SceneJpeg.Length > 0 ? a.Alert.SceneJpeg : null);

    /// <summary>The candidate's reference image (<see cref="ReferenceImageOf"/>) beside the probe, shown and logged in the same way, while the alert's evidence is held.</summary>
    public ReferenceImage? ViewReference(AlertId id, string imagesRoot, string by, string? via) =>
        ReferenceImageOf(id, imagesRoot) is { } image ? Viewed(id, EvidenceViewed.Reference, by, via, _ => image) : null;

    private T? Viewed<T>(AlertId id, string evidence, string by, string? via, Func<StoredAlert, T?> shown) where T : class
    {
        var actor = Actors.Require(store, by, Permission.Adjudicate, via);
        using var work = store.BeginUnitOfWork();
        // Checked inside the transaction that logs the view, so no purge or unassignment comes between the check and the entry.
        if (store.Runs().Summary(id) is not { EvidenceHeld: true } held) return null;
        RequireAssigned(held.Id, held.Run, actor);
        // Only now, for this one alert, is its evidence opened.
        if (Find(id) is not { Alert.ProbeCropJpeg.Length: > 0 } alert) return null;
        var result = shown(alert);
        // What was opened beside what is shown is never shown: wiped now rather than left for the collector.
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(alert.Alert.ProbeEmbedding.AsSpan()));
        foreach (var opened in new[] { alert.Alert.ProbeCropJpeg, alert.Alert.SceneJpeg })
            if (!ReferenceEquals(opened, result)) System.Security.Cryptography.CryptographicOperations.ZeroMemory(opened);
        if (result is null) return null; // nothing to show: nothing logged (the unit of work rolls back)
        work.Raise(new EvidenceViewed(id.Value, evidence, actor.Name, store.Clock.GetUtcNow(), actor.Via), store.Adjudications.SiteOf(id));
        work.Commit();
        return result;
    }

    /// <summary>
    /// The watchlist's reference image of the alert's candidate, read from under the images root and given only if
    /// its SHA-256 is one the watchlist was enrolled from (a file swapped since enrolment is never shown as the person).
    /// Not a view: <see cref="ViewReference"/> shows it to an operator.
    /// </summary>
    private ReferenceImage? ReferenceImageOf(AlertId id, string imagesRoot)
    {
        // Its summary says which run and candidate: nothing sealed is opened to find the reference image.
        var runs = store.Runs();
        if (runs.Summary(id) is not { } alert) return null;
        if (runs.WatchlistOf(alert.Run) is not { } w || store.Watchlists.Find(w.Name, w.ContentHash) is not { } watchlist) return null;
        var enrolled = watchlist.Templates.Where(t => t.Entry == alert.Candidate).Select(t => t.ImageSha256).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var entry = watchlist.Entries.FirstOrDefault(e => e.Id == alert.Candidate);
        var root = Path.GetFullPath(imagesRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var relative in entry?.ReferenceImages ?? [])
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!full.StartsWith(root, StringComparison.Ordinal) || FileKind.Of(full) != FileKindOf.Regular) continue;
            if (new FileInfo(full).Length > ImageLimits.MaxBytes) continue;
            var bytes = File.ReadAllBytes(full);
            if (enrolled.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)))) return new ReferenceImage(relative, bytes);
        }
        return null;
    }

    /// <summary>
    /// An operator's decision: <paramref name="by"/> must be a registered operator, assigned to the alert's deployment if it
    /// has one; <paramref name="via"/> says what it
    /// came through ("lfr on HOST as USER", "console from ADDRESS"). The decision, its entry and, for a rejection, the
    /// purge of the evidence commit together.
    /// </summary>
    public AlertAdjudication Adjudicate(AlertId alert, AlertDecision decision, string by, string? via, string? note) =>
        AsAssigned(alert, by, via, Permission.Adjudicate, (work, actor) => Desk.Adjudicate(work, alert, decision, actor, note));

    /// <summary>An officer's engagement outcome for a confirmed match, recorded by a registered operator who works the alert.</summary>
    public Engagement RecordOutcome(AlertId alert, EngagementOutcome outcome, string by, string? via, string? note) =>
        AsAssigned(alert, by, via, Permission.RecordOutcome, (work, actor) => Desk.RecordEngagement(work, alert, outcome, actor, note));

    // A registered user's change and its entries, in one unit of work; for a deployment's alert, only by an operator assigned to it.
    private T AsAssigned<T>(AlertId alert, string by, string? via, Permission permission, Func<IUnitOfWork, Actor, T> change)
    {
        var actor = Actors.Require(store, by, permission, via);
        using var work = store.BeginUnitOfWork();
        if (store.Runs().Summary(alert) is { } found) RequireAssigned(found.Id, found.Run, actor); // no such alert: the desk says so
        var done = change(work, actor);
        work.Commit();
        return done;
    }

    // Ad-hoc alerts (no deployment) are refused by the console's check, not here: the command line decides them.
    private void RequireAssigned(AlertId alert, RunId run, Actor actor)
    {
        if (!Works(run, actor.Name, out var deployment) && deployment is { } d) throw new NotAssignedException(actor.Name, alert, d);
    }

    // The one test of assignment: the operator is among those assigned to the deployment the alert's run searched for.
    private bool Works(RunId run, string operatorName, out DeploymentId? deployment)
    {
        deployment = store.Runs().DeploymentOf(run);
        return deployment is { } d && store.Assignments.Of(d).Any(a => a.Operator == operatorName);
    }
}
