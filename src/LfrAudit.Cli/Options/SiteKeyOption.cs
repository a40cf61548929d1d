using System.Security.Cryptography;
using LfrAudit.Application.Audit;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Cli.Options;

/// <summary>
/// --site-key SITE=PUBLIC.pem, repeated: the public key each site's audit log is verified with before a store is published
/// (each site of a central store signs its own log). Sites not named are verified with the audit key
/// (<see cref="AuditKeyOption"/>), which is only looked for, and read, when a site is left without a key.
/// </summary>
internal static class SiteKeyOption
{
    public static Option<string[]> Option => new("--site-key")
    {
        Description = "SITE=PUBLIC.pem: the public key a site's audit log is verified with, as 'lfr audit keygen' writes it (repeat for each site of a central store: each site signs its own log). Sites not named use --audit-key",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// The keys to verify every site of <paramref name="db"/> with. Refused in one line (exit 3): a key for a site the
    /// store does not hold, a site left without any key (each such site named), a site named twice or not a site's name.
    /// </summary>
    public static SiteKeys Read(CommandContext c, IStore db)
    {
        var sites = PublicationCheck.Sites(db);
        var files = Files(c.Get(Option) ?? []);
        // A typo is named before any key file is read.
        if (SiteKeys.Unknown(files.Keys, sites) is [var unknown, ..])
            throw new LfrInputException($"--site-key {unknown}: {db.Location} holds no site '{unknown}' (its sites: {(sites.Count > 0 ? string.Join(", ", sites) : "none")})");
        // The signing key is read only for sites left without a public key: a publisher that names every site needs none.
        var keyPath = sites.Any(s => !files.ContainsKey(s)) ? AuditKeyOption.Locate(c, c.Store) : null;
        if (keyPath is null && files.Count == 0 && !c.Store.IsCentral)
            throw new LfrInputException($"{db.Location}: no audit key to verify its log with before publishing: give --audit-key (or $LFR_AUDIT_KEY), or keep {AuditKeys.PrivateFile} beside the store");
        var bySite = new Dictionary<SiteId, ECDsa>();
        ECDsa? fallback = null;
        try
        {
            foreach (var (site, file) in files) bySite[site] = AuditKeys.LoadPublic(file);
            if (keyPath is not null)
            {
                using var signer = AuditKeys.LoadPrivate(keyPath);
                fallback = ECDsa.Create(signer.ExportParameters(includePrivateParameters: false));
            }
        }
        catch
        {
            foreach (var key in bySite.Values) key.Dispose();
            throw;
        }
        var keys = new SiteKeys(bySite, fallback, c.Store.IsCentral ? "the audit key, as no --site-key was given for it" : SiteKeys.StoreKey);
        var missing = keys.Missing(sites);
        if (missing.Count > 0)
        {
            keys.Dispose();
            var nor = missing.Count > 1 ? $" (nor of site{(missing.Count > 2 ? "s" : "")} {string.Join(", ", missing.Skip(1))})" : "";
            throw new LfrInputException($"{db.Location}: no key to verify the audit log of site {missing[0]} with{nor}: give its public key with --site-key {missing[0]}=FILE (each site signs its own log)");
        }
        return keys;
    }

    // Each SITE=FILE given: the site's name checked as any site's is, each site once.
    private static Dictionary<SiteId, string> Files(IEnumerable<string> given)
    {
        var files = new Dictionary<SiteId, string>();
        foreach (var one in given)
        {
            var at = one.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == one.Length - 1)
                throw new LfrInputException($"--site-key '{SafeText.Escape(one)}': give SITE=PUBLIC.pem (the site's name, '=', its public key file)");
            SiteId site;
            try { site = new SiteId(one[..at]); }
            catch (LfrInputException ex) { throw new LfrInputException($"--site-key: {ex.Message}", ex); }
            if (!files.TryAdd(site, one[(at + 1)..])) throw new LfrInputException($"--site-key {site}: given twice");
        }
        return files;
    }
}
