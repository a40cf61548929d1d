using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Tests;

/// <summary>
/// A small watchlist ("wl": WL-1 and WL-2, valid from the day before <c>at</c> for 60 days), enrolled as the enrolment
/// service does it: saved and logged together, since nothing is published from a store its log does not bear out.
/// </summary>
public static class EnrolledWatchlists
{
    public static EnrolledWatchlist Small(IStore store, DateTimeOffset at)
    {
        var entries = new[] { "WL-1", "WL-2" }.Select(id => new WatchlistEntry(new WatchlistEntryId(id), WatchlistCategory.WantedSeriousOffence, "src", "Insp X",
            at.AddDays(-1), at.AddDays(60), [$"{id}.jpg"])).ToList();
        var watchlist = new EnrolledWatchlist("wl", "model@abc", 3, at, entries, entries.Select(e => new EnrolledTemplate(e.Id, "sha", [1f, 0f, 0f])).ToList());
        using var work = store.BeginUnitOfWork();
        store.Watchlists.Save(watchlist);
        work.Raise(new WatchlistEnrolled(watchlist.Name, watchlist.ContentHash, watchlist.Entries.Count, watchlist.Templates.Count, watchlist.ModelId,
            watchlist.CountByCategory().ToDictionary(kv => kv.Key.ToName(), kv => (long)kv.Value)));
        work.Commit();
        return watchlist;
    }
}
