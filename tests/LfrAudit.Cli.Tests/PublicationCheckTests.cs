using LfrAudit.Cli.Output;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>Nothing is published that disagrees with the audit log: edited documents, or figures the log does not bear out.</summary>
[Collection(SeededCollection.Name)]
public sealed class PublicationCheckTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Copy() => seeded.CopyInto(_dir);

    private static void Sql(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private async Task<LfrResult> Publish(string db) => await Lfr.Run("publish", "site", "--out", _dir["site"], "--db", db);

    [Fact]
    public async Task The_genuine_store_publishes()
    {
        var r = await Publish(Copy());
        Assert.True(r.Exit == 0, r.ToString());
    }

    [Fact]
    public async Task Published_with_its_address_the_site_links_from_there_and_json_is_all_standard_output_carries()
    {
        var r = await Lfr.Run("publish", "site", "--out", _dir["site"], "--db", Copy(), "--base-url", "https://www.example.police.uk/lfr", "--json");
        Assert.True(r.Exit == 0, r.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(r.Out); // nothing but the JSON
        Assert.Equal("https://www.example.police.uk/lfr/", json.RootElement.GetProperty("base_url").GetString());
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        Assert.All(results, row => Assert.StartsWith("https://www.example.police.uk/lfr/deployments/", row.GetProperty("outcome_url").GetString(), StringComparison.Ordinal));
        Assert.Contains("<id>https://www.example.police.uk/lfr/", File.ReadAllText(Path.Combine(_dir["site"], "feed.atom")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir["site"], "results.csv")));
    }

    [Theory]
    [InlineData("ftp://example.police.uk/")]
    [InlineData("www.example.police.uk")]
    [InlineData("https://example.police.uk/?page=1")]
    [InlineData("https://user@example.police.uk/")]
    public async Task An_address_that_is_not_a_sites_is_refused_in_one_line_before_anything_is_written(string address)
    {
        var r = await Lfr.Run("publish", "site", "--out", _dir["site"], "--db", Copy(), "--base-url", address);
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        var line = Assert.Single(r.ErrorLines);
        Assert.Contains("--base-url", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["site"]) && Directory.EnumerateFileSystemEntries(_dir["site"]).Any());
    }

    [Theory]
    // The frozen outcome report's text edited in the store: its SHA-256 no longer holds.
    [InlineData("UPDATE documents SET content = replace(content, '\"faces_seen\":', '\"faces_seen\":9') WHERE kind = 'outcome'", "text was changed after it was frozen")]
    // Edited with its SHA-256 recomputed to match: the log still holds the one anchored at publication.
    [InlineData("UPDATE documents SET content = replace(content, '\"arrests\":', '\"arrests\":9'), sha256 = 'X' WHERE kind = 'outcome'", "the log recorded SHA-256")]
    // A decision reversed in the store's rows: the store's figures no longer match the log's.
    [InlineData("UPDATE adjudications SET decision = 'reject' WHERE alert_id = (SELECT MIN(alert_id) FROM adjudications)", "where the audit log records")]
    // An officer's outcome removed from the store's rows.
    [InlineData("DELETE FROM engagements WHERE alert_id = (SELECT MIN(alert_id) FROM engagements)", "engagement outcomes 2, where the audit log records 3")]
    public async Task Records_that_disagree_with_the_log_are_not_published(string tamper, string mentions)
    {
        var db = Copy();
        if (tamper.Contains("sha256 = 'X'", StringComparison.Ordinal))
        {
            // Recompute the SHA-256 of the edited text, as a careful insider would.
            Sql(db, tamper.Replace(", sha256 = 'X'", "", StringComparison.Ordinal));
            using var c = new SqliteConnection($"Data Source={db};Pooling=false");
            c.Open();
            using var read = c.CreateCommand();
            read.CommandText = "SELECT content FROM documents WHERE kind = 'outcome'";
            var text = (string)read.ExecuteScalar()!;
            using var write = c.CreateCommand();
            write.CommandText = "UPDATE documents SET sha256 = $s WHERE kind = 'outcome'";
            write.Parameters.AddWithValue("$s", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
            write.ExecuteNonQuery();
        }
        else Sql(db, tamper);
        var r = await Publish(db);
        Assert.Equal(ExitCodes.Rejected, r.Exit);
        var error = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error:", error);
        Assert.Contains(mentions, r.Out + r.Error);
        Assert.False(File.Exists(_dir["site/index.html"]));
    }
}
