using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Stores;

/// <summary>One site of a store as the force and its IAG see it: its log's size and latest signed head.</summary>
public sealed record SiteSummary(SiteId Site, long Entries, int Heads, long SignedEntries, DateTimeOffset? LatestHeadAt, int Deployments);

/// <summary>lfr store sites: every site a store holds, and the registry log that lists them.</summary>
public static class SiteOverview
{
    /// <summary>Every site the store holds, with its log's size and latest head.</summary>
    public static IReadOnlyList<SiteSummary> Of(IStore store)
    {
        var deployments = store.Deployments.List().GroupBy(d => d.Site ?? store.Site).ToDictionary(g => g.Key, g => g.Count());
        return store.Sites().Select(site =>
        {
            var log = store.AuditOf(site);
            var heads = log.Heads();
            return new SiteSummary(site, log.Size, heads.Count, heads.Count == 0 ? 0 : heads[^1].TreeSize, heads.Count == 0 ? null : heads[^1].Timestamp,
                deployments.GetValueOrDefault(site));
        }).ToList();
    }
}
