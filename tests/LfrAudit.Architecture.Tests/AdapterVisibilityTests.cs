using LfrAudit.Architecture.Tests.AdapterFixtures;

namespace LfrAudit.Architecture.Tests;

/// <summary>Vision's and Storage's adapters are internal behind one factory each; the rule reports a planted public adapter.</summary>
[Trait("Category", "Unit")]
public sealed class AdapterVisibilityTests
{
    [Fact]
    public void Vision_shows_its_factories_and_hides_its_adapters() =>
        Assert.Empty(AdapterVisibility.PublicAdapters(typeof(Vision.VisionAdapters).Assembly, AdapterVisibility.VisionFactories));

    [Fact]
    public void Storage_shows_its_databases_and_hides_its_stores() =>
        Assert.Empty(AdapterVisibility.PublicAdapters(typeof(Storage.Sqlite.SqliteDatabase).Assembly, AdapterVisibility.StorageFactories));

    [Fact]
    public void A_public_adapter_is_reported_and_an_internal_one_is_not()
    {
        var reported = AdapterVisibility.PublicAdapters(typeof(PublicDetector).Assembly, []);
        Assert.Contains(typeof(PublicDetector).FullName!, reported);
        Assert.DoesNotContain(typeof(InternalDetector).FullName!, reported);
    }

    [Fact]
    public void Every_named_factory_exists_and_is_public()
    {
        var vision = typeof(Vision.VisionAdapters).Assembly;
        var storage = typeof(Storage.Sqlite.SqliteDatabase).Assembly;
        foreach (var name in AdapterVisibility.VisionFactories) Assert.True(vision.GetType(name) is { IsPublic: true }, name);
        foreach (var name in AdapterVisibility.StorageFactories) Assert.True(storage.GetType(name) is { IsPublic: true }, name);
    }
}
