using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Matching;

/// <summary>A watchlist entry and the best cosine similarity of a probe against any of its reference images.</summary>
public readonly record struct Candidate(int EntryIndex, WatchlistEntryId Entry, float Score);
