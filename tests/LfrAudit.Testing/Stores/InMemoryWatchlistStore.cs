using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryWatchlistStore(InMemoryStore store) : IWatchlistStore
{
    public void Save(EnrolledWatchlist w) => store.Write(data =>
    {
        data.Watchlists.Add(w);
    });

    public EnrolledWatchlist? Find(string name) => store.Read(data => data.Watchlists.LastOrDefault(w => w.Name == name));

    public EnrolledWatchlist? Find(string name, string contentHash) =>
        store.Read(data => data.Watchlists.LastOrDefault(w => w.Name == name && w.ContentHash == contentHash));

    public IReadOnlyList<WatchlistSummary> List() => store.Read(data => data.Watchlists.GroupBy(w => w.Name).Select(g => g.Last())
        .OrderBy(w => w.Name, StringComparer.Ordinal)
        .Select(w => new WatchlistSummary(w.Name, w.ContentHash, w.Entries.Count, w.Templates.Count, w.ModelId, w.EnrolledAt)).ToList());
}
