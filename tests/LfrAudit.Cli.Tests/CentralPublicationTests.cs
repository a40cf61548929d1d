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
}
