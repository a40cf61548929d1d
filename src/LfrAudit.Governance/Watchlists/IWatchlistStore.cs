using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Watchlists;

/// <summary>Enrolled watchlists by name, each version kept by its content hash (the port enrolment and deployments use).</summary>
public interface IWatchlistStore
{
    /// <summary>Saves an enrolled watchlist under its name; a new enrolment of the same name becomes the current version.</summary>
    void Save(EnrolledWatchlist watchlist);
    /// <summary>The current (latest enrolled) version of the named watchlist, or null if there is none.</summary>
    EnrolledWatchlist? Find(string name);
    /// <summary>The version of a watchlist with exactly this content hash (what a deployment froze).</summary>
    EnrolledWatchlist? Find(string name, string contentHash);
    /// <summary>Every enrolled version of every watchlist, oldest first, without their templates.</summary>
    IReadOnlyList<WatchlistSummary> List();
}

/// <summary>A watchlist as listed: its size and where it came from, never its templates.</summary>
/// <param name="Name">The watchlist's name.</param>
/// <param name="ContentHash">The SHA-256 of its content: what a deployment freezes and runs and documents record.</param>
/// <param name="Entries">People on it.</param>
/// <param name="Templates">Embeddings enrolled (one or more per person).</param>
/// <param name="ModelId">The embedder whose templates these are; a deployment must run the same model.</param>
/// <param name="EnrolledAt">When this version was enrolled (UTC).</param>
public sealed record WatchlistSummary(string Name, string ContentHash, int Entries, int Templates, string ModelId, DateTimeOffset EnrolledAt);
