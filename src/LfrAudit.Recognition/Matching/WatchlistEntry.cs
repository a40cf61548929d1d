using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Matching;

/// <summary>One pre-approved person on a watchlist, as authorised: who approved it, until when, from what source.</summary>
public sealed record WatchlistEntry(
    WatchlistEntryId Id,
    WatchlistCategory Category,
    string Source,
    string AuthorisedBy,
    DateTimeOffset ApprovedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> ReferenceImages)
{
    /// <summary>Whether the entry's approval covers <paramref name="when"/>: approved, and not yet expired.</summary>
    public bool IsInForceAt(DateTimeOffset when) => ApprovedAt <= when && when < ExpiresAt;
}
