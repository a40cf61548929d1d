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
    public bool IsInForceAt(DateTimeOffset when) => ApprovedAt <= when && when < ExpiresAt;
}
