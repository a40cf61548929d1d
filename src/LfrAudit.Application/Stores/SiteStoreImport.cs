using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Stores;

/// <summary>What an import did and the proof that the site's log is the same log before and after.</summary>
public sealed record SiteImportResult(SiteImportCounts Counts, VerificationResult Before, VerificationResult After, string RootBefore, string RootAfterImportedPart, TreeHead Head)
{
    /// <summary>Both logs verified, and the site's log is the same before and after the import.</summary>
    public bool Ok => Before.Ok && After.Ok && RootBefore == RootAfterImportedPart;
}

/// <summary>
/// lfr store import: a site's own store moved into the force's central store. The site's log is verified with
/// the site's key before anything is copied (a log that does not verify is not imported), copied byte for byte,
/// signed by the same key once the import entry is appended, and verified again in the central store: the
/// imported part must have exactly the root it had.
/// </summary>
public static class SiteStoreImport
{
    /// <summary>
    /// Imports <paramref name="siteStore"/> as <paramref name="site"/>. The central store is opened (<paramref name="openCentral"/>)
    /// only once the site's log has verified and every record beside it is one the log explains: a refused import leaves
    /// the central store exactly as it was, not even the site registered.
    /// </summary>
    public static SiteImportResult Run(IStore siteStore, SiteId site, Func<SiteId, IStore> openCentral, ISiteImporter importer, ECDsa siteKey)
    {
        if (site == SiteId.Registry)
            throw new LfrInputException($"'{site}' is the force's registry log, which records sites joining and nothing else; import into one of the force's sites");
        using var publicKey = ECDsa.Create(siteKey.ExportParameters(includePrivateParameters: false));
        var before = Verify(siteStore.Audit, publicKey);
        if (!before.Ok)
            throw new LfrInputException($"{siteStore.Location}: its audit log does not verify with this key ({before.Problems[0]}); nothing was imported");
        importer.RequireExplainedByLog(siteStore);
        using var centralStore = openCentral(site);
        var sourceTree = siteStore.Audit.Tree();
        var rootBefore = Convert.ToHexStringLower(sourceTree.Root(sourceTree.Size));

        var counts = importer.Import(siteStore, centralStore);
        var log = centralStore.AuditOf(counts.Site);
        var head = log.IssueTreeHead(siteKey);
        var after = Verify(log, publicKey);
        var rootAfter = Convert.ToHexStringLower(log.Tree().Root(sourceTree.Size));
        return new SiteImportResult(counts, before, after, rootBefore, rootAfter, head);
    }

    private static VerificationResult Verify(IAuditLog log, ECDsa publicKey) => LogVerifier.Verify(log.Entries().ToList(), log.Heads(), publicKey);
}
