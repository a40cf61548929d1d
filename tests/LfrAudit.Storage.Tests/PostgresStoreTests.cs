using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Postgres;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LfrAudit.Storage.Tests;

/// <summary>What only the central store has: versioned migrations, sites with logs of their own, many writers at once.</summary>
[Trait("Category", "Dates")]
public class PostgresStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private readonly string _database = PostgresServer.Shared.NewDatabase("pgstore");

    private NpgsqlConnection Raw()
    {
        var c = new NpgsqlConnection(_database + ";Pooling=false");
        c.Open();
        return c;
    }

    private object? Sql(string sql)
    {
        using var c = Raw();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    private PostgresDatabase Open(string site, StoreAccess access = StoreAccess.Write, TimeProvider? clock = null) =>
        PostgresDatabase.Open(_database, clock ?? new FakeTimeProvider(T0), access, new SiteId(site));

    private static UserAccount User(string name) => new(name, Role.Operator, "hash-" + name, T0, "admin");

    [Fact]
    public async Task A_commit_that_appends_notifies_other_processes_listeners_and_a_rollback_does_not()
    {
        using var store = Open("van-1");
        await using var listener = Raw();
        int heard = 0;
        listener.Notification += (_, n) => { if (n.Channel == "lfr_changes") Interlocked.Increment(ref heard); };
        await using (var listen = new NpgsqlCommand("LISTEN lfr_changes", listener)) await listen.ExecuteNonQueryAsync();
        async Task<bool> Heard(int ms)
        {
            using var wait = new CancellationTokenSource(ms);
            try { await listener.WaitAsync(wait.Token); } catch (OperationCanceledException) { }
            return Interlocked.Exchange(ref heard, 0) > 0;
        }
        using (var work = store.BeginUnitOfWork())
        {
            store.Users.Add(User("op.rolled.back"));
            work.Raise(new Governance.Audit.Vocabulary.UserAdded("op.rolled.back", "operator", "admin", T0));
        }
        Assert.False(await Heard(700), "notified of a rollback");
        store.Users.Add(User("op.kept"));
        using (var work = store.BeginUnitOfWork())
        {
            work.Raise(new Governance.Audit.Vocabulary.UserAdded("op.kept", "operator", "admin", T0));
            work.Commit();
        }
        Assert.True(await Heard(5000), "not notified of a commit");
    }

    [Fact]
    public async Task A_watch_whose_connection_the_server_ends_listens_again_and_hears_the_next_commit()
    {
        using var store = Open("van-1");
        using var watch = store.WatchChanges();
        var listening = $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN lfr_changes'";
        for (int i = 0; i < 100 && Convert.ToInt64(Sql(listening)) == 0; i++) await Task.Delay(50);
        Assert.Equal(1L, Convert.ToInt64(Sql(listening)));

        // The server ends the listening connection (a restart, a failover, an administrator).
        long mark = watch.Mark;
        Assert.Equal(1L, Convert.ToInt64(Sql($"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN lfr_changes'")));
        // Listening again counts as a change (what was committed meanwhile is read then)...
        Assert.True(await watch.WaitAsync(mark, TimeSpan.FromSeconds(10), CancellationToken.None), "the watch never came back");
        for (int i = 0; i < 100 && Convert.ToInt64(Sql(listening)) == 0; i++) await Task.Delay(50);
        Assert.Equal(1L, Convert.ToInt64(Sql(listening)));
        // ...and the next commit of another process (its NOTIFY) is heard on the new connection.
        mark = watch.Mark;
        Assert.False(await watch.WaitAsync(mark, TimeSpan.FromMilliseconds(300), CancellationToken.None), "woken with nothing committed");
        Sql("NOTIFY lfr_changes");
        Assert.True(await watch.WaitAsync(mark, TimeSpan.FromSeconds(5), CancellationToken.None), "the commit after the reconnection was not heard");
    }

    [Fact]
    public void An_empty_database_is_created_at_the_current_version_and_reading_one_creates_nothing()
    {
        Assert.Throws<NoStoreHereException>(() => Open("van-1", StoreAccess.Read));
        Assert.Equal(0L, Sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        using (Open("van-1")) { }
        Assert.Equal(PostgresSchema.Version, Convert.ToInt32(Sql("SELECT version FROM lfr_schema")));
        Assert.Equal("van-1", Sql("SELECT string_agg(site, ',') FROM sites"));
    }

    [Fact]
    public void A_store_of_the_previous_version_is_upgraded_keeping_its_log_and_a_reader_may_not_upgrade_it()
    {
        // Version 1, written as a site recorded it before sites were registered: three entries in its log.
        using (var c = Raw()) PostgresDatabase.Migrate(c, "test", to: 1);
        var prev = AuditEntry.GenesisPrev;
        var tree = new MerkleTree();
        for (int seq = 0; seq < 3; seq++)
        {
            var e = new AuditEntry(seq, T0.AddMinutes(seq), "user.added", new JsonObject { ["name"] = $"u{seq}" }, prev);
            var canonical = e.Canonical();
            tree.Append(canonical);
            using var c = Raw();
            using var insert = new NpgsqlCommand("INSERT INTO audit_entries(site, seq, canonical, leaf_hash) VALUES ('van-1', @s, @c, @h)", c);
            insert.Parameters.AddWithValue("s", (long)seq);
            insert.Parameters.AddWithValue("c", System.Text.Encoding.UTF8.GetString(canonical));
            insert.Parameters.AddWithValue("h", MerkleTree.LeafHash(canonical));
            insert.ExecuteNonQuery();
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
        }
        Assert.Throws<StoreUnavailableException>(() => Open("van-1", StoreAccess.Read));
        Assert.Equal(1, Convert.ToInt32(Sql("SELECT version FROM lfr_schema")));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var db = Open("van-1", clock: new FakeTimeProvider(T0.AddHours(1))))
        {
            db.AddUser(User("after-upgrade"));
            db.Audit.IssueTreeHead(key);
            var entries = db.Audit.Entries().ToList();
            Assert.Equal(4, entries.Count);
            Assert.Equal(Convert.ToHexStringLower(tree.Root()), Convert.ToHexStringLower(db.Audit.Tree().Root(3))); // the old log, unchanged
            Assert.True(LogVerifier.Verify(entries, db.Audit.Heads(), key).Ok);
            // The upgraded site registers itself the first time it writes, in the registry log.
            Assert.Contains(db.AuditOf(SiteId.Registry).Entries(), e => e.Contains("\"site\":\"van-1\""));
        }
        Assert.Equal(PostgresSchema.Version, Convert.ToInt32(Sql("SELECT version FROM lfr_schema")));
    }

    [Fact]
    public void A_database_holding_other_tables_or_a_newer_schema_is_left_untouched()
    {
        Sql("CREATE TABLE invoices (id int)");
        var refused = Assert.Throws<LfrInputException>(() => Open("van-1"));
        Assert.Contains("not an LfrAudit store", refused.Message);
        Assert.Equal(1L, Sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));

        var other = PostgresServer.Shared.NewDatabase("newer");
        using (PostgresDatabase.Open(other, new FakeTimeProvider(T0))) { }
        using (var c = new NpgsqlConnection(other + ";Pooling=false"))
        {
            c.Open();
            using var bump = new NpgsqlCommand("UPDATE lfr_schema SET version = 99", c);
            bump.ExecuteNonQuery();
        }
        Assert.Contains("newer than this lfr", Assert.Throws<LfrInputException>(() => PostgresDatabase.Open(other, new FakeTimeProvider(T0))).Message);
    }

    [Fact]
    public void A_user_who_could_not_shred_evidence_may_not_record_until_granted_the_owners_role()
    {
        using (Open("van-1")) { }
        var role = $"site_{Guid.NewGuid():N}"[..20];
        Sql($"CREATE ROLE {role} LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; GRANT ALL ON SCHEMA public TO {role}");
        var asSite = new NpgsqlConnectionStringBuilder(_database) { Username = role }.ToString();
        var refused = Assert.Throws<StoreUnavailableException>(() => PostgresDatabase.Open(asSite, new FakeTimeProvider(T0), StoreAccess.Write, new SiteId("van-2")));
        Assert.Contains("may not rewrite the evidence key table", refused.Message);
        Assert.Equal(0L, Sql("SELECT COUNT(*) FROM sites WHERE site = 'van-2'")); // nothing recorded
        Sql($"GRANT lfr TO {role}");
        using var granted = PostgresDatabase.Open(asSite, new FakeTimeProvider(T0), StoreAccess.Write, new SiteId("van-2"));
        Assert.Equal(new SiteId("van-2"), granted.Site);
    }

    [Fact]
    public void Sites_keep_logs_of_their_own_and_the_registry_log_lists_every_site()
    {
        using (var a = Open("van-1")) { a.AddUser(User("a1")); a.Plan(Deployment("DEP-A")); }
        using (var b = Open("fixed-north")) { b.AddUser(User("b1")); b.AddUser(User("b2")); }
        using (var a = Open("van-1")) a.AddUser(User("a2"));

        using var reader = Open("van-1", StoreAccess.Read);
        Assert.Equal([SiteId.Registry, new SiteId("fixed-north"), new SiteId("van-1")], reader.Sites().OrderBy(s => s != SiteId.Registry).ThenBy(s => s.Value));
        foreach (var (site, size) in new[] { ("van-1", 3), ("fixed-north", 2) })
        {
            var log = reader.AuditOf(new SiteId(site)).Entries().ToList();
            Assert.Equal(size, log.Count);
            Assert.StartsWith("{\"at\"", log[0]);
            Assert.Contains("\"seq\":0", log[0]); // every site's log starts at 0, with its own chain
        }
        Assert.Equal(2, reader.AuditOf(SiteId.Registry).Size);
        Assert.Equal(new SiteId("van-1"), Assert.Single(reader.Deployments.List()).Site);
    }

    [Fact]
    public void Sites_writing_at_once_each_get_an_unbroken_log_and_alert_ids_are_never_shared()
    {
        Gen<int[]> plan = Gen.Choose(2, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 15), n));
        Prop.ForAll(plan.ToArbitrary(), counts =>
        {
            var database = PostgresServer.Shared.NewDatabase("race");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
            Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = counts.Length }, i =>
            {
                var clock = new FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(10) };
                using var db = PostgresDatabase.Open(database, clock, StoreAccess.Write, new SiteId($"site-{i}"));
                var journal = db.Runs();
                var run = new RunId($"run-{i}");
                journal.BeginRun(new RunStart(run, new CameraId($"cam-{i}"), "x", "wl", "hash", 1, new Threshold(0.5),
                    QualityGate.Default, "every frame", "m", clock.GetUtcNow()));
                for (int k = 0; k < counts[i]; k++)
                {
                    ids.Add(journal.RecordAlert(new Alert(run, new CameraId($"cam-{i}"), k, clock.GetUtcNow(), new WatchlistEntryId("WL-1"),
                        WatchlistCategory.CourtWarrant, 0.7f, new Threshold(0.5), new BoxF(1, 1, 20, 20), [0xFF, 0xD8, (byte)k], [0.1f, 0.2f])).Value);
                    if (k % 3 == 0) db.Audit.IssueTreeHead(key);
                }
                db.Audit.IssueTreeHead(key);
            });
            using var reader = PostgresDatabase.Open(database, new FakeTimeProvider(T0.AddDays(1)), StoreAccess.Read, new SiteId("site-0"));
            var problems = new List<string>();
            if (ids.Distinct().Count() != counts.Sum()) problems.Add($"{ids.Distinct().Count()} distinct alert ids for {counts.Sum()} alerts");
            for (int i = 0; i < counts.Length; i++)
            {
                var log = reader.AuditOf(new SiteId($"site-{i}"));
                var entries = log.Entries().ToList();
                if (entries.Count != counts[i] + 1) problems.Add($"site-{i}: {entries.Count} entries for {counts[i]} alerts");
                if (LogVerifier.Verify(entries, log.Heads(), key) is { Ok: false } v) problems.Add($"site-{i}: {v.Problems[0]}");
            }
            if (reader.AuditOf(SiteId.Registry).Size != counts.Length) problems.Add($"registry: {reader.AuditOf(SiteId.Registry).Size}");
            return problems.Count == 0 ? true.Label("ok") : false.Label(string.Join("; ", problems));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    [Fact]
    public void Processes_starting_one_deployment_camera_at_once_get_one_run_and_the_rest_are_refused()
    {
        // READ COMMITTED lets every starter find the camera free unless the check and the insertion are one locked step.
        Prop.ForAll(Gen.Choose(2, 6).ToArbitrary(), starters =>
        {
            var database = PostgresServer.Shared.NewDatabase("camera");
            using (var planner = PostgresDatabase.Open(database, new FakeTimeProvider(T0), StoreAccess.Write, new SiteId("van-1")))
            {
                var d = Governance.Deployments.Deployment.Plan(new DeploymentId("D-1"), new DeploymentLocation("Station forecourt", "Romford"), T0, T0.AddHours(6), "wanted offenders",
                    new AuthorisingOfficer("A. Example", "Supt"), [new CameraId("cam-1")], "wl", new Threshold(0.5), RetentionPolicy.Default, T0.AddDays(-20));
                planner.Deployments.Add(d);
            }
            var ready = new Barrier(starters);
            var started = new System.Collections.Concurrent.ConcurrentBag<int>();
            var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, starters, new ParallelOptions { MaxDegreeOfParallelism = starters }, i =>
            {
                var clock = new FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(10) };
                using var db = PostgresDatabase.Open(database, clock, StoreAccess.Write, new SiteId("van-1"));
                var journal = db.Runs();
                ready.SignalAndWait();
                try
                {
                    journal.BeginRun(new RunStart(new RunId($"run-{i}"), new CameraId("cam-1"), "x", "wl", "hash", 1, new Threshold(0.5),
                        QualityGate.Default, "every frame", "m", clock.GetUtcNow(), new DeploymentId("D-1")));
                    started.Add(i);
                }
                catch (DeploymentRuleException e) { refused.Add(e.Message); }
            });
            using var reader = PostgresDatabase.Open(database, new FakeTimeProvider(T0.AddDays(1)), StoreAccess.Read, new SiteId("van-1"));
            long open = reader.Scalar<long>("SELECT COUNT(*) FROM runs WHERE ended_at IS NULL");
            var ok = started.Count == 1 && open == 1 && refused.Count == starters - 1 && refused.All(m => m.Contains("one run per camera at a time"));
            return ok.Label($"{starters} starters: {started.Count} started, {open} open runs, {refused.Count} refused");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(10));
    }

    [Fact]
    public void Any_text_given_as_a_connection_string_or_a_site_is_taken_or_refused_in_one_line()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            try { PostgresConnections.Display(text ?? ""); }
            catch (LfrInputException ex) { if (ex.Message.Contains('\n')) return false; }
            try { SiteId.Parse(text ?? ""); }
            catch (LfrInputException ex) { if (ex.Message.Contains('\n') || ex.Message.Contains('\r')) return false; }
            return true;
        }).QuickCheckThrowOnFailure();
        Assert.Equal("postgresql://lfr@db.example:5433/force", PostgresConnections.Display("Host=db.example;Port=5433;Username=lfr;Password=secret;Database=force"));
        Assert.Equal("postgresql://lfr@db.example:5432/force", PostgresConnections.Display("postgresql://lfr:secret@db.example/force"));
    }

    private static Deployment Deployment(string id) => Governance.Deployments.Deployment.Plan(new DeploymentId(id), new DeploymentLocation("High Street", "Croydon"),
        T0.AddDays(10), T0.AddDays(10).AddHours(8), "wanted offenders", new AuthorisingOfficer("A", "Superintendent"), [new CameraId("van-1")], "wl",
        new Threshold(0.6), RetentionPolicy.Default, T0);
}
