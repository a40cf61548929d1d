namespace LfrAudit.Governance.Watchlists;

/// <summary>A watchlist as the authorising officers wrote it: entries and where their reference images are.</summary>
public sealed record WatchlistManifest(string Name, string FilePath, IReadOnlyList<ManifestEntry> Entries);

/// <summary>
/// An entry as written in the manifest. Fields stay raw so that every problem in every entry can be
/// reported at once rather than stopping at the first.
/// </summary>
public sealed record ManifestEntry(
    int Line,
    string? Id,
    string? Category,
    string? Source,
    string? AuthorisedBy,
    string? ApprovedAt,
    string? ExpiresAt,
    IReadOnlyList<string> Images);
