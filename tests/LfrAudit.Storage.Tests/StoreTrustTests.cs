using System.Diagnostics;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Storage.Tests;

/// <summary>The store refuses what is not ours or not usable, never goes back in time, and reading never changes it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "Dates")]
public class StoreTrustTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-trust-").FullName;
    private string DbPath => Path.Combine(_dir, "store.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in Directory.EnumerateFileSystemEntries(_dir)) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_dir, recursive: true);
    }


    private static string Hash(string path) => File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : "missing";

    private static RunStart Run(string id, DateTimeOffset at) => new(new RunId(id), new CameraId("cam"), "video x", "wl", "hash", 2, new Threshold(0.5),
        QualityGate.Default, "every frame", "model@abc", at);

    [Fact]
    public void Another_applications_sqlite_file_is_refused_and_left_untouched()
    {
        using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.99);";
            cmd.ExecuteNonQuery();
        }
        var before = Hash(DbPath);
        var ex = Assert.ThrowsAny<LfrInputException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0)));
        Assert.Contains("not an LfrAudit store", ex.Message);
        Assert.Contains("invoices", ex.Message);
        Assert.Equal(before, Hash(DbPath));
        Assert.False(File.Exists(DbPath + "-wal"));
    }

    [Fact]
    public void A_store_made_read_only_is_refused_for_writing_but_can_be_read()
    {
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0))) new SqlRunJournal(db).BeginRun(Run("run-1", T0));
        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Hash(DbPath);
        Assert.Throws<StoreUnavailableException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0.AddMinutes(1))));
        using (var read = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0.AddMinutes(1)), StoreAccess.Read)) Assert.Equal(1, read.Audit.Size);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public void Special_files_are_refused_as_a_store()
    {
        var fifo = Path.Combine(_dir, "pipe.db");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        foreach (var path in new[] { fifo, "/dev/null", "/dev/zero", _dir })
        {
            var ex = Assert.ThrowsAny<LfrInputException>(() => SqliteDatabase.Open(path, new FakeTimeProvider(T0)));
            Assert.Contains("not a regular file", ex.Message);
        }
    }

    [Fact]
    public void Reading_a_store_that_does_not_exist_creates_nothing()
    {
        Assert.ThrowsAny<LfrInputException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0), StoreAccess.Read));
        Assert.False(File.Exists(DbPath));
    }

    [Fact]
    public void A_store_of_schema_1_is_upgraded_and_keeps_its_log()
    {
        using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = typeof(SqliteDatabase).Assembly.GetType("LfrAudit.Storage.Sqlite.Schema")!.GetField("V1")!.GetValue(null) + "; PRAGMA user_version = 1;";
            cmd.ExecuteNonQuery();
        }
        // A reader may not upgrade it; a writer does, once, and records the run's process.
        Assert.Throws<StoreUnavailableException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0), StoreAccess.Read));
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0))) new SqlRunJournal(db).BeginRun(Run("run-1", T0));
        using var check = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=false");
        check.Open();
        using var q = check.CreateCommand();
        q.CommandText = "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), (SELECT pid FROM runs), " +
            "(SELECT COUNT(*) FROM pragma_table_info('face_counts') WHERE name = 'detections'), (SELECT COUNT(*) FROM pragma_table_info('alerts') WHERE name = 'sightings'), " +
            "(SELECT site FROM sites), (SELECT site FROM runs), (SELECT COUNT(DISTINCT site) FROM audit_entries)";
        using var r = q.ExecuteReader();
        r.Read();
        Assert.Equal(7, r.GetInt64(0));
        Assert.Equal((1L, 1L), (r.GetInt64(3), r.GetInt64(4))); // version 3's columns for tracked faces (version 4 adds the users table)
        // Version 5: a store made before sites is the site 'local', and so is everything it records.
        Assert.Equal(("local", "local", 1L), (r.GetString(5), r.GetString(6), r.GetInt64(7)));
        Assert.Equal(0x4C667241, r.GetInt64(1));
        Assert.Equal(Environment.ProcessId, r.GetInt32(2));
    }

    [Fact]
    public void An_sqlite_store_is_the_site_it_was_made_for_and_refuses_to_record_for_another()
    {
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0), StoreAccess.Write, new SiteId("van-3")))
        {
            Assert.Equal(new SiteId("van-3"), db.Site);
            new SqlRunJournal(db).BeginRun(Run("run-1", T0));
        }
        using (var again = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0))) Assert.Equal(new SiteId("van-3"), again.Site); // no --site: its own
        var refused = Assert.Throws<LfrInputException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0), StoreAccess.Write, new SiteId("van-4")));
        Assert.Contains("belongs to site 'van-3'", refused.Message);
        using var check = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=false");
        check.Open();
        using var q = check.CreateCommand();
        q.CommandText = "SELECT (SELECT site FROM runs), (SELECT group_concat(DISTINCT site) FROM audit_entries), (SELECT COUNT(*) FROM sites)";
        using var r = q.ExecuteReader();
        r.Read();
        Assert.Equal(("van-3", "van-3", 1L), (r.GetString(0), r.GetString(1), r.GetInt64(2)));
    }

    [Fact]
    public void An_empty_log_is_not_signed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0));
        var ex = Assert.ThrowsAny<LfrInputException>(() => db.Audit.IssueTreeHead(key));
        Assert.Contains("empty", ex.Message);
        Assert.Empty(db.Audit.Heads());
    }

    [Fact]
    public void Whatever_order_the_clocks_come_in_the_logs_times_never_go_back_and_it_verifies()
    {
        // Each step is a process with its own clock, some real, some simulated a little (up to 10 min) behind or ahead.
        var steps = Gen.Choose(1, 25).SelectMany(n => Gen.ArrayOf(Gen.Choose(-10 * 60, 10 * 60), n)).ToArbitrary();
        Prop.ForAll(steps, offsets =>
        {
            var path = Path.Combine(_dir, $"clock-{Guid.NewGuid():N}.db");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            int refused = 0;
            for (int i = 0; i < offsets.Length; i++)
            {
                var clock = new FakeTimeProvider(T0.AddSeconds(offsets[i]));
                SqliteDatabase db;
                try { db = SqliteDatabase.Open(path, clock); }
                catch (StoreClockBehindException ex)
                {
                    refused++;
                    if (!(ex.Clock < ex.Latest - SqlAuditLog.SameMoment)) return false;
                    continue;
                }
                using (db)
                {
                    new SqlRunJournal(db).BeginRun(Run($"run-{i}", clock.GetUtcNow()));
                    db.Audit.IssueTreeHead(key);
                }
            }
            using var reader = SqliteDatabase.Open(path, new FakeTimeProvider(T0), StoreAccess.Read);
            var entries = reader.Audit.Entries().ToList();
            var result = LogVerifier.Verify(entries, reader.Audit.Heads(), key);
            return result.Ok && entries.Count + refused == offsets.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_clock_hours_behind_the_store_is_refused_naming_both_times()
    {
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0.AddDays(1)))) new SqlRunJournal(db).BeginRun(Run("run-1", T0));
        var before = Hash(DbPath);
        var ex = Assert.Throws<StoreClockBehindException>(() => SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0)));
        Assert.Contains("2026-11-23T10:00:00.000Z", ex.Message);
        Assert.Contains("2026-11-24T10:00:00.000Z", ex.Message);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public void A_store_locked_by_another_process_for_longer_than_the_wait_is_one_clear_failure()
    {
        using (SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0))) { }
        using var holder = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        holder.Open();
        using (var begin = holder.CreateCommand()) { begin.CommandText = "BEGIN EXCLUSIVE"; begin.ExecuteNonQuery(); }
        var watch = Stopwatch.StartNew();
        var raw = Assert.ThrowsAny<SqliteException>(() =>
        {
            using var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0));
            new SqlRunJournal(db).BeginRun(Run("run-1", T0));
        });
        var ex = Assert.IsType<StoreUnavailableException>(StoreFailures.Explain(raw, DbPath));
        Assert.Contains("locked by another process", ex.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20)); // waits a while, not forever
    }

    [Fact]
    public void A_run_whose_process_is_gone_is_closed_as_interrupted_with_its_durable_counts()
    {
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0)))
        {
            var journal = new SqlRunJournal(db);
            journal.BeginRun(Run("run-dead", T0));
            journal.RecordFaceCounts(new FaceCountMinute(new RunId("run-dead"), new CameraId("cam"), T0, 40, 30, 10, 0));
            journal.RecordFaceCounts(new FaceCountMinute(new RunId("run-dead"), new CameraId("cam"), T0.AddMinutes(1), 7, 5, 2, 0));
            journal.BeginRun(Run("run-alive", T0));
            // Make run-dead belong to a process that no longer exists (a pid past the kernel's maximum).
            db.Execute("UPDATE runs SET pid = 4194305 WHERE run_id = 'run-dead'");
        }
        using (var db = SqliteDatabase.Open(DbPath, new FakeTimeProvider(T0.AddMinutes(5))))
        {
            var closed = Assert.Single(new SqlRunJournal(db).CloseInterruptedRuns());
            Assert.Equal(("run-dead", 47L, 35L), (closed.Run.Value, closed.FacesSeen, closed.FacesSearched));
            Assert.Empty(new SqlRunJournal(db).CloseInterruptedRuns()); // once only; this process's own run stays open
            Assert.Contains(db.Audit.Entries(), e => e.Contains("\"type\":\"run.interrupted\""));
        }
    }
}
