using LfrAudit.Governance.Alerts;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Alerts;

/// <summary>The watchlist entry an alert names, as an operator needs it to decide: where it came from, who approved it, until when, what to do.</summary>
/// <param name="Source">Where the entry came from (the record it was taken from).</param>
/// <param name="AuthorisedBy">Who approved the person's place on the watchlist.</param>
/// <param name="ApprovedAt">When the approval began.</param>
/// <param name="ExpiresAt">When the approval ends.</param>
/// <param name="Action">What officers are to do once the alert is confirmed (<see cref="RequiredAction"/>).</param>
public sealed record EntryView(string Source, string AuthorisedBy, DateTimeOffset ApprovedAt, DateTimeOffset ExpiresAt, string Action);

/// <summary>
/// An alert in an operator's queue: the alert's summary (<see cref="AlertSummaryView"/>: never its images), the deployment its run
/// belongs to (null: a run outside any deployment), the entry it names (null when that watchlist version is gone), and
/// when it last saw the person.
/// </summary>
public sealed record QueuedAlert(AlertSummaryView Alert, string? Deployment, EntryView? Entry, DateTimeOffset? LastSeenAt)
{
    /// <summary>The queue's card for a waiting alert and the entry it names (null when that watchlist version is gone).</summary>
    public static QueuedAlert From(AlertSummary a, WatchlistEntry? entry) => new(AlertSummaryView.From(a), a.Deployment?.Value,
        entry is { } e ? new EntryView(e.Source, e.AuthorisedBy, e.ApprovedAt, e.ExpiresAt, RequiredAction.For(e.Category)) : null,
        a.LastSeenAt);

    /// <summary>The card for a decided alert (one waiting for the officers' outcome): no entry details are needed any more.</summary>
    public static QueuedAlert From(AlertSummary a) => From(a, null);
}
