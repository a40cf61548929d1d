using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// The public keys a publisher verifies a store's logs with: in a central store each site signs its own log with its own
/// key (a stolen van key forges that van's heads only), so each site's log is checked with that site's key. A store of
/// one site, or sites that share a key, may give one key for every site not named (<paramref name="fallback"/>), which a
/// refusal calls <paramref name="fallbackName"/>.
/// </summary>
public sealed class SiteKeys(IReadOnlyDictionary<SiteId, ECDsa> bySite, ECDsa? fallback, string fallbackName = SiteKeys.StoreKey) : IDisposable
{
    /// <summary>How a refusal names the one key of a store of one site (or the key of the site a command records for).</summary>
    public const string StoreKey = "the store's audit key";

    /// <summary>One key for every site: a store of one site, as before sites had keys of their own.</summary>
    public static SiteKeys One(ECDsa? key) => new(new Dictionary<SiteId, ECDsa>(), key);

    /// <summary>The key a site's log is verified with, or null when none was given for it.</summary>
    public ECDsa? For(SiteId site) => bySite.TryGetValue(site, out var key) ? key : fallback;

    /// <summary>Whether a key was given for this site by name (not the one for every other site).</summary>
    public bool GivenFor(SiteId site) => bySite.ContainsKey(site);

    /// <summary>The key a site's log is verified with, as a refusal names it beside its key id.</summary>
    public string NameOf(SiteId site) => GivenFor(site) ? "the key given for it" : fallbackName;

    /// <summary>
    /// Sites named that <paramref name="sites"/> does not hold: a mistyped site would otherwise go unnoticed while the site
    /// meant is checked with the fallback, or refused for want of a key. (The front end refuses them in its own words.)
    /// </summary>
    public static IReadOnlyList<SiteId> Unknown(IEnumerable<SiteId> named, IReadOnlyCollection<SiteId> sites) => named.Where(s => !sites.Contains(s)).ToList();

    /// <summary>Sites of <paramref name="sites"/> no key was given for: their logs would fail as if they were forged.</summary>
    public IReadOnlyList<SiteId> Missing(IReadOnlyCollection<SiteId> sites) => sites.Where(s => For(s) is null).ToList();

    /// <summary>Releases every key held.</summary>
    public void Dispose()
    {
        foreach (var key in bySite.Values) key.Dispose();
        fallback?.Dispose();
    }
}
