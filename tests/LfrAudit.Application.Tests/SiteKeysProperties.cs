using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;

namespace LfrAudit.Application.Tests;

/// <summary>
/// Which key each site's log is verified with before publishing: the one named for it, else the one for every other site;
/// the sites left without any, and the keys named for sites the store does not hold, are found (the front end refuses them).
/// </summary>
public class SiteKeysProperties
{
    private static readonly string[] Pool = ["van-1", "van-2", "van-3", "fixed-4", "fixed-5", "hq"];

    private static Gen<string[]> SubsetOfPool(int atLeast) =>
        Gen.ListOf(Gen.Elements(Pool)).Select(l => l.Distinct().ToArray()).Where(s => s.Length >= atLeast);

    [Fact]
    public void Every_site_is_verified_with_its_named_key_or_the_one_for_the_rest_and_the_sites_left_out_or_unknown_are_named()
    {
        var cases = from sites in SubsetOfPool(1)
                    from named in SubsetOfPool(0)
                    from fallback in Gen.Elements(true, false)
                    select (Sites: sites, Named: named, Fallback: fallback);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bySite = c.Named.ToDictionary(s => new SiteId(s), _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var rest = c.Fallback ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
            using var keys = new SiteKeys(bySite, rest, "the one key");
            var sites = c.Sites.Select(s => new SiteId(s)).ToList();
            var unknown = c.Named.Except(c.Sites).Select(s => new SiteId(s));
            var missing = c.Fallback ? [] : c.Sites.Except(c.Named).Select(s => new SiteId(s)).ToArray();
            return SiteKeys.Unknown(bySite.Keys, sites).SequenceEqual(unknown)
                && keys.Missing(sites).SequenceEqual(missing)
                && sites.All(s => bySite.TryGetValue(s, out var own)
                    ? keys.For(s) == own && keys.GivenFor(s) && keys.NameOf(s) == "the key given for it"
                    : keys.For(s) == rest && !keys.GivenFor(s) && keys.NameOf(s) == "the one key");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void One_key_verifies_every_site_and_is_named_as_the_stores()
    {
        using var keys = SiteKeys.One(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.Empty(keys.Missing([SiteId.Local, new SiteId("van-2")]));
        Assert.Same(keys.For(SiteId.Local), keys.For(new SiteId("van-2")));
        Assert.Equal(SiteKeys.StoreKey, keys.NameOf(SiteId.Local));
        using var none = SiteKeys.One(null);
        Assert.Equal([SiteId.Local], none.Missing([SiteId.Local]));
    }
}
