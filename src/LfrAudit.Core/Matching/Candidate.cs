using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Matching;

/// <summary>A watchlist entry and the best cosine similarity of a probe against any of its reference images.</summary>
public readonly record struct Candidate(int EntryIndex, WatchlistEntryId Entry, float Score);
