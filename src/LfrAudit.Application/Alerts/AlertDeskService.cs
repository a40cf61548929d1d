using LfrAudit.Application.Accounts;
using LfrAudit.Core.Accounts;
using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Audit.Vocabulary;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Watchlists;

namespace LfrAudit.Application.Alerts;

/// <summary>A watchlist reference image as enrolled: its path under the images root and its bytes.</summary>
public sealed record ReferenceImage(string Path, byte[] Bytes);

/// <summary>An alert waiting for an operator, beside the watchlist entry (and its reference images) it names.</summary>
public sealed record PendingAlert(StoredAlert Alert, WatchlistEntry? Entry);

/// <summary>The operators' and officers' use cases: alerts waiting or decided, a decision (once, final, audited), an engagement outcome.</summary>
public sealed class AlertDeskService(IStore store)
{
    private AdjudicationDesk Desk => new(store.Adjudications, store.Retention, store.Clock);

    public IReadOnlyList<StoredAlert> List(RunId? run = null) => store.Runs().List(run);

    /// <summary>Alerts no operator has decided yet, each with the watchlist entry it names (null when that watchlist version is gone).</summary>
    public IReadOnlyList<PendingAlert> Pending(RunId? run = null)
    {
        var runs = store.Runs();
        return runs.List(run).Where(a => store.Adjudications.FindAdjudication(a.Id) is null).Select(a =>
        {
            var watchlist = runs.WatchlistOf(a.Alert.Run) is { } w ? store.Watchlists.Find(w.Name, w.ContentHash) : null;
            return new PendingAlert(a, watchlist?.Entries.FirstOrDefault(e => e.Id == a.Alert.Candidate));
        }).ToList();
    }

    /// <summary>One alert as stored (its evidence while held), or null.</summary>
    public StoredAlert? Find(AlertId id) => store.Runs().List().FirstOrDefault(a => a.Id == id);

    /// <summary>
    /// The watchlist's reference image of the alert's candidate, read from under the images root and given only if
    /// its SHA-256 is one the watchlist was enrolled from (a file swapped since enrolment is never shown as the person).
    /// </summary>
    public ReferenceImage? ReferenceImageOf(AlertId id, string imagesRoot)
    {
        if (Find(id) is not { } alert) return null;
        var runs = store.Runs();
        if (runs.WatchlistOf(alert.Alert.Run) is not { } w || store.Watchlists.Find(w.Name, w.ContentHash) is not { } watchlist) return null;
        var enrolled = watchlist.Templates.Where(t => t.Entry == alert.Alert.Candidate).Select(t => t.ImageSha256).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var entry = watchlist.Entries.FirstOrDefault(e => e.Id == alert.Alert.Candidate);
        var root = Path.GetFullPath(imagesRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var relative in entry?.ReferenceImages ?? [])
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!full.StartsWith(root, StringComparison.Ordinal) || Core.Inputs.FileKind.Of(full) != Core.Inputs.FileKindOf.Regular) continue;
            if (new FileInfo(full).Length > Core.Inputs.ImageLimits.MaxBytes) continue;
            var bytes = File.ReadAllBytes(full);
            if (enrolled.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)))) return new ReferenceImage(relative, bytes);
        }
        return null;
    }

    /// <summary>
    /// An operator's decision: <paramref name="by"/> must be a registered operator; <paramref name="via"/> says what it
    /// came through ("lfr on HOST as USER", "console from ADDRESS"). The decision, its entry and, for a rejection, the
    /// purge of the evidence commit together.
    /// </summary>
    public AlertAdjudication Adjudicate(AlertId alert, AlertDecision decision, string by, string? via, string? note) =>
        AsRegistered(by, via, Permission.Adjudicate, (work, actor) => Desk.Adjudicate(work, alert, decision, actor, note));

    /// <summary>An officer's engagement outcome for a confirmed match, recorded by a registered operator.</summary>
    public Engagement RecordOutcome(AlertId alert, EngagementOutcome outcome, string by, string? via, string? note) =>
        AsRegistered(by, via, Permission.RecordOutcome, (work, actor) => Desk.RecordEngagement(work, alert, outcome, actor, note));

    // A registered user's change and its entries, in one unit of work.
    private T AsRegistered<T>(string by, string? via, Permission permission, Func<IUnitOfWork, Actor, T> change)
    {
        var actor = Actors.Require(store, by, permission, via);
        using var work = store.BeginUnitOfWork();
        var done = change(work, actor);
        work.Commit();
        return done;
    }
}
