using LfrAudit.Cli.Hosting;
using LfrAudit.Testing;
using LfrAudit.Vision.Tests;

namespace LfrAudit.Cli.Tests;

/// <summary>A central store is checked against each site's log before publishing, as a SQLite store is against its own.</summary>
[Collection("timing")]
[Trait("Category", "Trust")]
public class CentralPublicationTests
{
    [Fact]
    public async Task The_demo_on_a_central_store_publishes_and_an_edited_one_does_not()
    {
        using var dir = new TempDir();
        var store = PostgresServer.Shared.NewDatabase("publish");
        var env = new Dictionary<string, string> { ["LFR_STORE"] = store };
        var demo = await Lfr.RunProcess(env, Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        var key = dir["audit-signing-key.pem"];

        var site = await Lfr.Run("publish", "site", "--out", dir["site"], "--store", store, "--audit-key", key);
        Assert.True(site.Exit == 0, site.ToString());

        using (var c = new Npgsql.NpgsqlConnection(store + ";Pooling=false"))
        {
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand("UPDATE adjudications SET decided_by = 'someone-else' WHERE alert_id = (SELECT MIN(alert_id) FROM adjudications)", c);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var edited = await Lfr.Run("publish", "site", "--out", dir["site2"], "--store", store, "--audit-key", key);
        Assert.Equal(ExitCodes.Rejected, edited.Exit);
        Assert.Contains("its decision is 'confirm by someone-else", edited.Out);
        Assert.False(Directory.Exists(dir["site2"]) && Directory.EnumerateFileSystemEntries(dir["site2"]).Any());
    }

    [Fact]
    public async Task Each_site_of_a_central_store_is_verified_with_its_own_key_before_the_force_publishes()
    {
        using var dir = new TempDir();
        var store = PostgresServer.Shared.NewDatabase("sitekeys");
        var env = new Dictionary<string, string> { ["LFR_STORE"] = store };
        var demo = await Lfr.RunProcess(env, Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        var (key, publicKey) = (dir["audit-signing-key.pem"], dir["audit-public-key.pem"]);
        var sites = System.Text.Json.JsonDocument.Parse((await Lfr.Run("store", "sites", "--json", "--store", store)).Out).RootElement;
        var demoSite = sites.EnumerateArray().Select(s => s.GetProperty("site").GetString()!).Single(s => s != "force-registry");
        // A second site, a van, signs its own log with its own key.
        Directory.CreateDirectory(dir["van"]);
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir["van"])).Exit);
        var load = await Lfr.RunProcess(null, "store", "load", "--store", store, "--site", "van-2", "--audit-key", Path.Combine(dir["van"], "audit-signing-key.pem"), "--alerts", "3", "--quiet");
        Assert.True(load.Exit == 0, load.ToString());
        var vanKey = Path.Combine(dir["van"], "audit-public-key.pem");

        // Each site's public key: published, without any private key.
        var both = await Lfr.Run("publish", "site", "--out", dir["site"], "--store", store, "--site-key", $"{demoSite}={publicKey}", "--site-key", $"van-2={vanKey}");
        Assert.True(both.Exit == 0, both.ToString());
        // The van's log checked with the other site's key: a failed verification naming the van and the key used.
        var oneKey = await Lfr.Run("publish", "site", "--out", dir["site-one"], "--store", store, "--audit-key", key);
        Assert.Equal(ExitCodes.Rejected, oneKey.Exit);
        Assert.Contains("the audit log of site van-2 does not verify with the key given for it", oneKey.Error);
        // No key for a site at all, or a key for a site the store does not hold: one line, exit 3, nothing written.
        var missing = await Lfr.Run("publish", "site", "--out", dir["site-missing"], "--store", store, "--site-key", $"van-2={vanKey}");
        Assert.Equal(ExitCodes.BadInput, missing.Exit);
        Assert.Contains($"no key to verify the audit log of site {demoSite} with", missing.Error);
        var typo = await Lfr.Run("publish", "site", "--out", dir["site-typo"], "--store", store, "--audit-key", key, "--site-key", $"van-22={vanKey}");
        Assert.Equal(ExitCodes.BadInput, typo.Exit);
        Assert.Contains("holds no site 'van-22'", typo.Error);
        foreach (var refused in new[] { "site-one", "site-missing", "site-typo" })
            Assert.False(Directory.Exists(dir[refused]) && Directory.EnumerateFileSystemEntries(dir[refused]).Any(), refused);
    }
}
