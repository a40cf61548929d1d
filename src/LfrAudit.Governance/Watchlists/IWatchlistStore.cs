using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Watchlists;

public interface IWatchlistStore
{
    /// <summary>Saves an enrolled watchlist under its name; a new enrolment of the same name becomes the current version.</summary>
    void Save(EnrolledWatchlist watchlist);
    EnrolledWatchlist? Find(string name);
    /// <summary>The version of a watchlist with exactly this content hash (what a deployment froze).</summary>
    EnrolledWatchlist? Find(string name, string contentHash);
    IReadOnlyList<WatchlistSummary> List();
}

public sealed record WatchlistSummary(string Name, string ContentHash, int Entries, int Templates, string ModelId, DateTimeOffset EnrolledAt);
