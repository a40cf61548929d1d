using System.Security.Cryptography;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// The public keys a publisher verifies a store's logs with: in a central store each site signs its own log with its own
/// key (a stolen van key forges that van's heads only), so each site's log is checked with that site's key. A store of
/// one site, or sites that share a key, may give one key for every site not named (<paramref name="fallback"/>).
/// </summary>
public sealed class SiteKeys(IReadOnlyDictionary<SiteId, ECDsa> bySite, ECDsa? fallback) : IDisposable
{
    /// <summary>One key for every site: a store of one site, as before sites had keys of their own.</summary>
    public static SiteKeys One(ECDsa? key) => new(new Dictionary<SiteId, ECDsa>(), key);

    /// <summary>The key a site's log is verified with, or null when none was given for it.</summary>
    public ECDsa? For(SiteId site) => bySite.TryGetValue(site, out var key) ? key : fallback;

    /// <summary>Sites a key was given for that are not among <paramref name="sites"/>: a mistyped site would otherwise go unnoticed while the site meant is checked with the fallback.</summary>
    public IReadOnlyList<SiteId> Unknown(IReadOnlyCollection<SiteId> sites) => bySite.Keys.Where(s => !sites.Contains(s)).ToList();

    /// <summary>Sites among <paramref name="sites"/> with no key at all: their logs would fail as if forged.</summary>
    public IReadOnlyList<SiteId> Uncovered(IEnumerable<SiteId> sites) => sites.Where(s => For(s) is null).ToList();

    /// <summary>The key id (as tree heads name it) a site's log is verified with, to say which key failed.</summary>
    public string? KeyIdFor(SiteId site) => For(site) is { } key ? TreeHead.KeyIdOf(key) : null;

    public void Dispose()
    {
        foreach (var key in bySite.Values) key.Dispose();
        fallback?.Dispose();
    }
}
