using System.Text;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Storage.Tests;

[Trait("Category", "Dates")]
public class SqliteStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-store-").FullName;
    private string DbPath => Path.Combine(_dir, "store.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static FakeTimeProvider Clock() => new(T0);

    private static EnrolledWatchlist Watchlist(string category = "court-warrant")
    {
        WatchlistCategories.TryParse(category, out var c);
        var entries = new[] { "WL-1", "WL-2" }.Select(id => new WatchlistEntry(new WatchlistEntryId(id), c, "src", "Insp X", T0.AddDays(-1), T0.AddDays(30), [$"{id}.jpg"])).ToList();
        var templates = entries.Select((e, i) => new EnrolledTemplate(e.Id, $"sha{i}", [i, 1f, 0.5f])).ToList();
        return new EnrolledWatchlist("wl", "model@abc", 3, T0, entries, templates);
    }

    private static Alert Alert(string candidate = "WL-1") => new(new RunId("run-1"), new CameraId("cam"), 42, T0.AddSeconds(3),
        new WatchlistEntryId(candidate), WatchlistCategory.CourtWarrant, 0.71f, new Threshold(0.5), new BoxF(1, 2, 30, 40), [0xFF, 0xD8, 9], [0.1f, 0.2f, 0.3f]);

    private static RunStart Start() => new(new RunId("run-1"), new CameraId("cam"), "video x", "wl", "hash", 2, new Threshold(0.5),
        QualityGate.Default, "every frame", "model@abc", T0);

    [Fact]
    public void A_watchlist_round_trips_with_the_same_content_hash_and_the_latest_version_wins()
    {
        using (var db = SqliteDatabase.Open(DbPath, Clock()))
        {
            var store = new SqlWatchlistStore(db);
            store.Save(Watchlist());
            store.Save(Watchlist("missing-person"));
        }
        using (var db = SqliteDatabase.Open(DbPath, Clock()))
        {
            var store = new SqlWatchlistStore(db);
            var loaded = store.Find("wl")!;
            Assert.Equal(Watchlist("missing-person").ContentHash, loaded.ContentHash);
            Assert.Equal([0f, 1f, 0.5f], loaded.Templates[0].Embedding);
            Assert.Equal(2, store.List().Count);
            Assert.Null(store.Find("other"));
        }
    }

    [Fact]
    public void A_watchlist_altered_in_the_store_is_refused()
    {
        using var db = SqliteDatabase.Open(DbPath, Clock());
        new SqlWatchlistStore(db).Save(Watchlist());
        using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE watchlist_entries SET category='missing-person' WHERE entry_id='WL-2'";
            cmd.ExecuteNonQuery();
        }
        Assert.Contains("content hash", Assert.Throws<LfrInputException>(() => new SqlWatchlistStore(db).Find("wl")).Message);
    }

    [Fact]
    public void Alerts_and_counts_are_committed_as_they_are_recorded()
    {
        using var db = SqliteDatabase.Open(DbPath, Clock());
        var journal = new SqlRunJournal(db);
        journal.BeginRun(Start());
        var id = journal.RecordAlert(Alert());
        journal.RecordFaceCounts(new FaceCountMinute(new RunId("run-1"), new CameraId("cam"), T0, 5, 4, 1, 1));
        journal.RecordFaceCounts(new FaceCountMinute(new RunId("run-1"), new CameraId("cam"), T0, 2, 2, 0, 0));

        // A second, independent connection sees everything before the first is closed: nothing waits in memory.
        using var other = new SqliteConnection($"Data Source={DbPath};Pooling=false;Mode=ReadOnly");
        other.Open();
        using var cmd = other.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM alerts), (SELECT faces_seen FROM face_counts), (SELECT faces_not_searchable FROM face_counts)";
        using var r = cmd.ExecuteReader();
        r.Read();
        Assert.Equal(1, r.GetInt64(0));
        Assert.Equal(7, r.GetInt64(1));
        Assert.Equal(1, r.GetInt64(2));

        var stored = Assert.Single(journal.List());
        Assert.Equal(id, stored.Id);
        Assert.Equal(Alert() with { ProbeCropJpeg = stored.Alert.ProbeCropJpeg, ProbeEmbedding = stored.Alert.ProbeEmbedding }, stored.Alert);
        Assert.Equal([0xFF, 0xD8, 9], stored.Alert.ProbeCropJpeg);
        Assert.Equal([0.1f, 0.2f, 0.3f], stored.Alert.ProbeEmbedding);
    }

    [Fact]
    public void Purged_evidence_is_gone_from_every_byte_of_the_store_at_once()
    {
        using var db = SqliteDatabase.Open(DbPath, Clock());
        var journal = new SqlRunJournal(db);
        journal.BeginRun(Start());
        var crop = Encoding.ASCII.GetBytes("LFR-CROP-SECRET-BYTES-0123456789");
        var embedding = Enumerable.Range(0, 128).Select(i => 0.001f * i + 0.123f).ToArray();
        var purged = journal.RecordAlert(Alert() with { ProbeCropJpeg = crop, ProbeEmbedding = embedding });
        var kept = journal.RecordAlert(Alert("WL-2") with { ProbeCropJpeg = Encoding.ASCII.GetBytes("LFR-KEPT-CROP-BYTES-987654321"), ProbeEmbedding = [9f, 8f] });
        var embeddingBytes = embedding.SelectMany(BitConverter.GetBytes).ToArray()[..64];
        // At rest the evidence is sealed: neither the crop nor the embedding appears in the file as such.
        Assert.Equal(-1, AllBytes().AsSpan().IndexOf(crop));
        Assert.Equal(-1, AllBytes().AsSpan().IndexOf(embeddingBytes));
        var (key, ciphertext) = Sealed(purged);
        Assert.NotEqual(-1, AllBytes().AsSpan().IndexOf(key));

        var purge = new SqlRetentionStore(db).DeleteEvidence([purged], "rejected alert", T0);

        Assert.Equal(1, purge.AlertsPurged);
        var bytes = AllBytes(); // the store is still open: nothing waits for a later checkpoint
        Assert.Equal(-1, bytes.AsSpan().IndexOf(key));        // the key is destroyed (crypto-shredding)
        Assert.Equal(-1, bytes.AsSpan().IndexOf(ciphertext)); // and the ciphertext deleted too
        var alerts = journal.List();
        Assert.Equal(2, alerts.Count); // the alert's record (who, when, score) stays for the counts
        Assert.Empty(alerts.Single(a => a.Id == purged).Alert.ProbeCropJpeg);
        Assert.Equal("LFR-KEPT-CROP-BYTES-987654321"u8.ToArray(), alerts.Single(a => a.Id == kept).Alert.ProbeCropJpeg);
        Assert.Equal([9f, 8f], alerts.Single(a => a.Id == kept).Alert.ProbeEmbedding);

        (byte[] Key, byte[] Ciphertext) Sealed(AlertId id)
        {
            using var c = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=false");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT k.key, e.ciphertext FROM evidence_keys k JOIN alert_evidence e ON e.alert_id = k.alert_id WHERE k.alert_id = {id.Value}";
            using var r = cmd.ExecuteReader();
            r.Read();
            return ((byte[])r[0], (byte[])r[1]);
        }
    }

    private byte[] AllBytes() => Directory.GetFiles(_dir).SelectMany(File.ReadAllBytes).ToArray();

    [Fact]
    public void A_file_that_is_not_a_database_is_one_clear_error()
    {
        File.WriteAllText(DbPath, "definitely not sqlite, just text that is long enough to look like a header........");
        var ex = Assert.Throws<LfrInputException>(() => SqliteDatabase.Open(DbPath, Clock()));
        Assert.Contains(DbPath, ex.Message);
    }

    [Fact]
    public void A_database_in_a_missing_folder_is_named() =>
        Assert.Contains("does not exist", Assert.Throws<LfrInputException>(() => SqliteDatabase.Open(Path.Combine(_dir, "no", "x.db"), Clock())).Message);
}
