using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Audit;
using LfrAudit.Testing;

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

    // A central store with two sites, each signing its own log with its own key: the demo's site (this machine's name)
    // with the demo's deployment and documents (and its own public site in the folder), and a van that recorded alerts.
    private sealed record TwoSites(string Store, string DemoSite, string DemoKey, string DemoPublicKey, string VanPublicKey);

    private static async Task<TwoSites> TwoSitesIn(TempDir dir, string name)
    {
        var store = PostgresServer.Shared.NewDatabase(name);
        var demo = await Lfr.RunProcess(new Dictionary<string, string> { ["LFR_STORE"] = store }, Lfr.WithModels("demo", "--out", dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        var sites = System.Text.Json.JsonDocument.Parse((await Lfr.Run("store", "sites", "--json", "--store", store)).Out).RootElement;
        var demoSite = sites.EnumerateArray().Select(s => s.GetProperty("site").GetString()!).Single(s => s != "force-registry");
        Directory.CreateDirectory(dir["van"]);
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir["van"])).Exit);
        var load = await Lfr.RunProcess(null, "store", "load", "--store", store, "--site", "van-2", "--audit-key", Path.Combine(dir["van"], AuditKeys.PrivateFile), "--alerts", "3", "--quiet");
        Assert.True(load.Exit == 0, load.ToString());
        return new TwoSites(store, demoSite, dir[AuditKeys.PrivateFile], dir[AuditKeys.PublicFile], Path.Combine(dir["van"], AuditKeys.PublicFile));
    }

    private static string KeyIdOf(string publicKeyFile)
    {
        using var key = AuditKeys.LoadPublic(publicKeyFile);
        return TreeHead.KeyIdOf(key);
    }

    private static void NothingWritten(TempDir dir, params string[] folders)
    {
        foreach (var folder in folders)
            Assert.False(Directory.Exists(dir[folder]) && Directory.EnumerateFileSystemEntries(dir[folder]).Any(), folder);
    }

    [Fact]
    public async Task Each_site_of_a_central_store_is_verified_with_its_own_key_before_the_force_publishes()
    {
        using var dir = new TempDir();
        var (store, demoSite, key, publicKey, vanKey) = await TwoSitesIn(dir, "sitekeys");
        string[] BothKeys(string demoSiteKey) => ["--site-key", $"{demoSite}={demoSiteKey}", "--site-key", $"van-2={vanKey}"];

        // Each site's public key: published, without any private key — not even one that $LFR_AUDIT_KEY names.
        var both = await Lfr.Run(["publish", "site", "--out", dir["site-force"], "--store", store, .. BothKeys(publicKey)]);
        Assert.True(both.Exit == 0, both.ToString());
        File.WriteAllText(dir["not-a-key.pem"], "not a key");
        var noPrivate = await Lfr.RunProcess(new Dictionary<string, string> { ["LFR_AUDIT_KEY"] = dir["not-a-key.pem"] },
            ["publish", "site", "--out", dir["site-public"], "--store", store, .. BothKeys(publicKey)]);
        Assert.True(noPrivate.Exit == 0, noPrivate.ToString());

        // A site's log checked with another site's key: a failed verification naming the site and the key id used.
        var wrong = await Lfr.Run(["publish", "site", "--out", dir["site-wrong"], "--store", store, .. BothKeys(vanKey)]);
        Assert.Equal(ExitCodes.Rejected, wrong.Exit);
        Assert.Contains($"the audit log of site {demoSite} does not verify with the key given for it (key id {KeyIdOf(vanKey)})", wrong.Error);
        Assert.DoesNotContain("site van-2", wrong.Out);
        // The one --audit-key for every site: the van's log does not verify with it, and the refusal says why.
        var oneKey = await Lfr.Run("publish", "site", "--out", dir["site-one"], "--store", store, "--audit-key", key);
        Assert.Equal(ExitCodes.Rejected, oneKey.Exit);
        Assert.Contains($"the audit log of site van-2 does not verify with the audit key, as no --site-key was given for it (key id {KeyIdOf(publicKey)})", oneKey.Error);

        // No key for a site at all, or a key for a site the store does not hold: one line, exit 3, nothing written.
        var missing = await Lfr.Run("publish", "site", "--out", dir["site-missing"], "--store", store, "--site-key", $"van-2={vanKey}");
        Assert.Equal(ExitCodes.BadInput, missing.Exit);
        Assert.Contains($"no key to verify the audit log of site {demoSite} with: give its public key with --site-key {demoSite}=FILE", Assert.Single(missing.ErrorLines));
        var none = await Lfr.Run("publish", "site", "--out", dir["site-none"], "--store", store);
        Assert.Equal(ExitCodes.BadInput, none.Exit);
        Assert.Contains("no key to verify the audit log of site ", Assert.Single(none.ErrorLines));
        var typo = await Lfr.Run(["publish", "site", "--out", dir["site-typo"], "--store", store, .. BothKeys(publicKey), "--site-key", $"van-22={vanKey}"]);
        Assert.Equal(ExitCodes.BadInput, typo.Exit);
        Assert.Contains("--site-key van-22: ", Assert.Single(typo.ErrorLines));
        Assert.Contains("holds no site 'van-22'", typo.Error);
        NothingWritten(dir, "site-wrong", "site-one", "site-missing", "site-none", "site-typo");
    }

    [Fact]
    public async Task A_document_edited_in_one_site_of_a_central_store_is_caught_with_every_site_key_given()
    {
        using var dir = new TempDir();
        var (store, demoSite, _, publicKey, vanKey) = await TwoSitesIn(dir, "sitekeys_edit");
        using (var c = new Npgsql.NpgsqlConnection(store + ";Pooling=false"))
        {
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand("UPDATE documents SET content = replace(content, 'Demo Square', 'Demo Street') WHERE kind = 'notice' AND content LIKE '%Demo Square%'", c);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var edited = await Lfr.Run("publish", "site", "--out", dir["site-edited"], "--store", store, "--site-key", $"{demoSite}={publicKey}", "--site-key", $"van-2={vanKey}");
        Assert.Equal(ExitCodes.Rejected, edited.Exit);
        Assert.Contains("'s notice: its text was changed after it was frozen", edited.Error);
        NothingWritten(dir, "site-edited");
    }

    [Fact]
    public async Task A_site_publishes_its_outcome_report_while_another_site_of_the_store_signs_with_another_key()
    {
        using var dir = new TempDir();
        var (store, demoSite, key, publicKey, vanKey) = await TwoSitesIn(dir, "sitekeys_outcome");
        TestUsers.InCentral(store, demoSite);
        var t = TestTimeline.FromNow();
        async Task Ok(string now, params string[] args)
        {
            var r = await Lfr.Run([.. args, "--store", store, "--site", demoSite, "--audit-key", key, "--now", now]);
            Assert.True(r.Exit == 0, r.ToString());
        }
        await Ok(t.Now(1, 9), "deployment", "plan", "--id", "DEP-2", "--by", TestUsers.Supervisor, "--location", "North End, Croydon", "--area", "Croydon",
            "--start", t.Wall(10, 10), "--end", t.Wall(10, 18), "--purpose", "Locate people wanted for serious offences",
            "--officer", "A. Example", "--rank", "Superintendent", "--camera", "cam-1", "--watchlist", "demo-watchlist");
        await Ok(t.Now(2, 9), "deployment", "publish-notice", "DEP-2", "--by", TestUsers.Supervisor);
        await Ok(t.Now(10, 10), "deployment", "start", "DEP-2", "--by", TestUsers.Supervisor);
        await Ok(t.Now(10, 18), "deployment", "end", "DEP-2", "--by", TestUsers.Supervisor);
        // The van holds no key of the deployment's site: refused, saying whose key the log was checked with.
        var fromVan = await Lfr.Run("deployment", "publish-outcome", "DEP-2", "--by", TestUsers.Supervisor, "--store", store, "--site", "van-2",
            "--audit-key", Path.Combine(dir["van"], AuditKeys.PrivateFile), "--now", t.Now(11, 9));
        Assert.Equal(ExitCodes.Rejected, fromVan.Exit);
        Assert.Contains($"the audit log of site {demoSite} does not verify with the audit key of site van-2, which this command signs with (key id {KeyIdOf(vanKey)})", fromVan.Error);
        // The site checks its own log with its own key: the van's log, signed with the van's key, is the force's to check.
        await Ok(t.Now(11, 10), "deployment", "publish-outcome", "DEP-2", "--by", TestUsers.Supervisor);

        var site = await Lfr.Run("publish", "site", "--out", dir["site-force"], "--store", store, "--now", t.Now(12, 10),
            "--site-key", $"{demoSite}={publicKey}", "--site-key", $"van-2={vanKey}");
        Assert.True(site.Exit == 0, site.ToString());
        Assert.Contains("DEP-2", File.ReadAllText(Path.Combine(dir["site-force"], "index.html")));
    }
}
