using System.Text.Json;
using LfrAudit.Core.Untrusted;
using LfrAudit.Testing;
using Npgsql;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The privacy rules in the central store, tested on the server's own files: its data directory and its WAL.
/// Faces that did not alert never reach the server; an alert's evidence reaches it only sealed; and once
/// retention destroys an alert's key, the key's bytes are in none of the server's files (deleted rows linger in
/// PostgreSQL until vacuumed, so the key's destruction is what counts).
/// </summary>
public class CentralStorePrivacyTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Non_matches_never_reach_the_server_and_destroyed_evidence_keys_leave_its_data_files_and_wal()
    {
        using var dir = new TempDir();
        using var server = PostgresServer.StartPrivate();
        var store = server.NewDatabase("privacy");
        var clip = PrivacyScan.WriteCrowdOfStrangers(dir["crowd.avi"]);
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", dir.Path)).Exit);
        var key = dir["audit-signing-key.pem"];
        string[] central = ["--store", store, "--site", "van-7", "--audit-key", key];

        var enrol = await Lfr.Run(Lfr.WithModels([.. (string[])["watchlist", "enroll", "--manifest", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir], .. central]));
        Assert.True(enrol.Exit == 0, enrol.ToString());

        // Strangers: no alert, so nothing of them may be sent to the server.
        var strangers = await Lfr.RunProcess(null, Lfr.WithModels([.. (string[])["run", "--watchlist", "demo-watchlist", "--source", clip, "--json"], .. central]));
        Assert.True(strangers.Exit == 0, strangers.ToString());
        Assert.Equal(0, JsonDocument.Parse(strangers.Out).RootElement.GetProperty("alerts").GetInt64());

        // The same people again at threshold 0: every face alerts, and its evidence goes to the server sealed.
        var everyone = await Lfr.RunProcess(null, Lfr.WithModels([.. (string[])["run", "--watchlist", "demo-watchlist", "--source", clip, "--threshold", "0", "--json"], .. central]));
        Assert.True(everyone.Exit == 0, everyone.ToString());
        Assert.True(JsonDocument.Parse(everyone.Out).RootElement.GetProperty("alerts").GetInt64() >= 5, everyone.Out);

        var keys = EvidenceKeys(store);
        Assert.True(keys.Count >= 5);
        server.Checkpoint(store);
        var probes = PrivacyScan.FaceEmbeddings(clip);
        Assert.True(probes.Count >= 30);

        // Control: the scan finds what it looks for in the server's files (the keys still held are there).
        Assert.NotEmpty(ServerFiles(server).SelectMany(f => PrivacyScan.Occurrences(f, keys, "key")));
        // No face's embedding or name anywhere in them: not the strangers', not even the alerts' (sealed). (A JPEG's
        // three marker bytes are not looked for here: in megabytes of ciphertext and WAL they occur by chance.)
        foreach (var file in ServerFiles(server))
        {
            var traces = PrivacyScan.Traces(file, probes).Where(t => !t.Contains("image", StringComparison.Ordinal)).ToList();
            Assert.True(traces.Count == 0, $"{file}: {string.Join(", ", traces)}");
        }

        // Retention ends for every alert (unadjudicated: a day after the run): the keys are destroyed.
        var later = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var purge = await Lfr.Run([.. (string[])["retention", "enforce", "--now", later, "--json"], .. central]);
        Assert.True(purge.Exit == 0, purge.ToString());
        Assert.Empty(EvidenceKeys(store));
        server.Checkpoint(store);
        foreach (var file in ServerFiles(server))
        {
            var found = PrivacyScan.Occurrences(file, keys, "destroyed key");
            Assert.True(found.Count == 0, $"{file}: {string.Join(", ", found)}");
        }
        // What remains of the alerts is what the log and the outcome report count: no evidence.
        var list = await Lfr.Run([.. (string[])["alerts", "list", "--json"], .. central.SkipLast(2)]); // reading signs nothing: no key
        Assert.True(list.Exit == 0, list.ToString());
        Assert.All(JsonDocument.Parse(list.Out).RootElement.EnumerateArray(), a => Assert.Equal(0, a.GetProperty("probe_crop_bytes").GetInt32()));
    }

    // Every regular file the server keeps (its socket lives there too, and is not a file to read).
    private static List<string> ServerFiles(PostgresServer server) =>
        Directory.GetFiles(server.DataDirectory!, "*", SearchOption.AllDirectories)
            .Where(f => FileKind.Of(f) == FileKindOf.Regular).ToList();

    private static List<byte[]> EvidenceKeys(string store)
    {
        using var c = new NpgsqlConnection(store + ";Pooling=false");
        c.Open();
        using var q = new NpgsqlCommand("SELECT key FROM evidence_keys ORDER BY alert_id", c);
        using var r = q.ExecuteReader();
        var keys = new List<byte[]>();
        while (r.Read()) keys.Add((byte[])r[0]);
        return keys;
    }
}
