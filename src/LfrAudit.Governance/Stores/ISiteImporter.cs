using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Stores;

/// <summary>What moving a site's store into a central store copied, and the ids the central store gave anew.</summary>
public sealed record SiteImportCounts(SiteId Site, long Entries, long Heads, int Deployments, int Runs, int Alerts, int Watchlists,
    int UsersAdded, int UsersAlreadyThere, IReadOnlyDictionary<long, long> AlertIds);

/// <summary>Moves one site's own store (SQLite, on the site's machine) into a force's central store, all or nothing.</summary>
public interface ISiteImporter
{
    /// <summary>
    /// Refuses a site store whose records its (verified) audit log does not explain — a row added or edited beside the
    /// log — before anything touches the central store.
    /// </summary>
    void RequireExplainedByLog(IStore siteStore);

    /// <summary>
    /// Copies the site store's records and audit log into the central store as the central session's site, in one
    /// transaction, after <see cref="RequireExplainedByLog"/>; refused for a site that already has entries there. Alerts
    /// get new ids, returned in the counts.
    /// </summary>
    SiteImportCounts Import(IStore siteStore, IStore centralStore);
}
