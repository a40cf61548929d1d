using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A demo's SQLite store made once for the class: a genuine site store with a verified log to tamper with. After the demo,
/// its supervisor managed two more users: op.left was given a new password and disabled, op.gone removed.
/// </summary>
public sealed class DemoSiteStore : IAsyncLifetime
{
    public TempDir Dir { get; } = new();
    public string Db => Dir["demo.db"];

    public async Task InitializeAsync()
    {
        var demo = await Lfr.Run(Lfr.WithModels("demo", "--out", Dir.Path, "--datasets", SharedData.DatasetsDir));
        Assert.True(demo.Exit == 0, demo.ToString());
        // On the demo's simulated timeline, just after it, as its scripted supervisor (who acts only on a simulation clock).
        using var store = Storage.Sqlite.SqliteDatabase.Open(Db, new Core.Time.SimulationClock(SeededStore.LatestRecordIn(Db).AddMinutes(1)));
        store.TreeHeadSigner = Application.Audit.AuditKeys.LoadPrivate(Dir[Application.Audit.AuditKeys.PrivateFile]);
        var accounts = new Application.Accounts.AccountService(store, new TestPasswordHashing(), new Application.Accounts.SignInThrottle(store.Clock));
        var users = new Application.Accounts.UserManagement(store, new TestPasswordHashing());
        foreach (var name in new[] { "op.left", "op.gone" }) accounts.Add(name, Role.Operator, TestPasswordHashing.Password, "the force's administrator", "tests");
        users.ChangePassword("op.left", () => "another test password nobody uses", "demo-supervisor", "tests");
        users.Disable("op.left", "demo-supervisor", "tests");
        users.Remove("op.gone", "demo-supervisor", "tests");
    }

    public Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A copy of the store with its keys beside it, as a site would hand it over.</summary>
    public string CopyInto(TempDir dir)
    {
        foreach (var file in new[] { "demo.db", "audit-signing-key.pem", "audit-public-key.pem" }) File.Copy(Dir[file], dir[file]);
        return dir["demo.db"];
    }
}

/// <summary>
/// A site's SQLite store is a file anyone with the laptop can edit. Moving it into the central store believes its rows
/// only where its verified audit log explains them: a user row no one added, a decision or outcome edited, an alert
/// or deployment changed, a purge invented, an operator assigned whom no supervisor assigned, a user the log disabled or
/// removed made active — any of these, alone or together — refuses the whole import with one line naming the record, and the central store is left as it was. The force's registry log is never a site to import into,
/// and a store holding a trigger (or any schema object our migrations did not create) is not even opened.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StoreImportTamperTests(DemoSiteStore demo) : IClassFixture<DemoSiteStore>
{
    private sealed record Tamper(string Sql, string Said);

    // Each edit, what the refusal must name; {v} is a generated value, {a} one of the demo's alerts.
    private static readonly (string Sql, string Said)[] Edits =
    [
        ("INSERT INTO users(name, role, password_hash, created_at, created_by) VALUES ('{v}', 'supervisor', 'AQAAAAIAAYagAAAAEH', '2026-01-01T00:00:00.0000000Z', 'bootstrap')", "has no user.added entry"),
        ("UPDATE users SET role = 'supervisor' WHERE role = 'operator'", "in the log"),
        ("UPDATE users SET password_hash = 'AQAAAAIAAYagAAAAE{v}' WHERE name = 'demo-supervisor'", "cannot sign in"),
        ("UPDATE users SET created_by = '{v}'", "in the log"),
        ("DELETE FROM users WHERE name = 'demo-operator'", "is missing from the file"),
        ("UPDATE adjudications SET decision = 'reject' WHERE alert_id = {a}", "the decision on alert"),
        ("UPDATE adjudications SET decided_by = '{v}' WHERE alert_id = {a}", "the decision on alert"),
        ("DELETE FROM adjudications WHERE alert_id = {a}", "is missing from the file"),
        ("UPDATE engagements SET outcome = 'no-further-action' WHERE alert_id = {a}", "the outcome of alert"),
        ("UPDATE engagements SET recorded_by = '{v}' WHERE alert_id = {a}", "the outcome of alert"),
        ("UPDATE alerts SET score = score - 0.05 WHERE alert_id = {a}", "is not the alert the log raised"),
        ("UPDATE alerts SET category = '{v}' WHERE alert_id = {a}", "is not the alert the log raised"),
        ("INSERT INTO purges(purged_at, reason, alerts_purged) VALUES ('2026-01-01T00:00:00.0000000Z', 'rejected by operator', 3)", "is not the purge the log records"),
        ("UPDATE deployments SET state = 'Cancelled', cancel_reason = '{v}'", "cancelled in the log"),
        ("UPDATE deployments SET threshold = 0.31", "threshold"),
        ("UPDATE deployments SET planned_start = '2026-01-01T00:00:00.0000000Z'", "planned times"),
        ("INSERT INTO threshold_changes SELECT deployment_id, 1, 0.5, 0.3, 'demo-supervisor', '{v}', started_at FROM deployments", "threshold change"),
        ("UPDATE documents SET sha256 = '{h}' WHERE kind = 'outcome'", "is not the document the log froze"),
        ("DELETE FROM documents WHERE kind = 'notice'", "is missing from the file"),
        ("UPDATE runs SET camera = '{v}'", "is not the run the log started"),
        // An operator no supervisor's entry assigned would be shown the deployment's evidence.
        ("INSERT INTO deployment_operators SELECT deployment_id, '{v}', started_at, 'demo-supervisor' FROM deployments", "is not an assignment the log records"),
        ("UPDATE deployment_operators SET assigned_by = '{v}'", "is not an assignment the log records"),
        ("DELETE FROM deployment_operators", "is missing from the file"),
        // A user the log disabled or removed, active again in the file (or the other way round), or a new password undated.
        ("UPDATE users SET disabled_at = NULL", "in the file, disabled at"),
        ("UPDATE users SET removed_at = NULL", "in the file, removed at"),
        ("UPDATE users SET password_changed_at = NULL", "its password as added in the file"),
        ("UPDATE users SET disabled_at = '{v}' WHERE name = 'demo-operator'", "is disabled at"),
    ];

    [Fact]
    public async Task Any_edit_or_combination_of_edits_to_a_site_store_refuses_its_import_and_changes_nothing_central()
    {
        var central = PostgresServer.Shared.NewDatabase("tamper");
        // One genuine site first, so the central store exists and each refusal can be seen to leave it as it was.
        using (var genuine = new TempDir())
        {
            var first = await Lfr.Run("store", "import", demo.CopyInto(genuine), "--store", central, "--site", "van-0");
            Assert.True(first.Exit == 0, first.ToString());
        }
        int n = 0;
        var cases = from count in Gen.Choose(1, 3)
                    from picks in Gen.ArrayOf(Gen.Choose(0, Edits.Length - 1), count)
                    from alert in Gen.Choose(1, 3)
                    from value in Gen.Elements("mallory", "sup.one", "op two", "Robert'); --", "\u202Eevil", "x")
                    select (Picks: picks.Distinct().ToArray(), Alert: alert, Value: value);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var dir = new TempDir();
            var db = demo.CopyInto(dir);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));
            // As an adversary edits it: with the file's foreign keys off, so any row can say anything.
            using (var file = new SqliteConnection($"Data Source={db};Pooling=false;Foreign Keys=False"))
            {
                file.Open();
                var changed = 0;
                foreach (var i in c.Picks)
                {
                    using var edit = file.CreateCommand();
                    edit.CommandText = Edits[i].Sql.Replace("{v}", c.Value.Replace("'", "''"), StringComparison.Ordinal)
                        .Replace("{a}", c.Alert.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{h}", hash, StringComparison.Ordinal);
                    changed += edit.ExecuteNonQuery(); // one edit may undo another's target (a row deleted, then updated)
                }
                Assert.True(changed > 0, "the edits changed nothing");
            }
            var site = $"van-{Interlocked.Increment(ref n)}";
            var import = Lfr.Run("store", "import", db, "--store", central, "--site", site).GetAwaiter().GetResult();
            Assert.True(import.Exit == 3, $"{string.Join(" + ", c.Picks.Select(i => Edits[i].Sql))}: {import}");
            Assert.Single(import.ErrorLines);
            Assert.Contains("does not explain", import.Error);
            Assert.True(c.Picks.Any(i => import.Error.Contains(Edits[i].Said, StringComparison.Ordinal)), import.Error);
            Assert.Contains("nothing was imported", import.Error);
            using var store = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Read, SiteId.Registry);
            Assert.Equal(["van-0"], store.Sites().Select(s => s.Value).Where(s => s != SiteId.Registry.Value).ToArray());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public async Task A_user_the_log_disabled_or_removed_made_active_in_the_file_is_refused_and_the_genuine_standing_is_carried()
    {
        var central = PostgresServer.Shared.NewDatabase("standing");
        foreach (var (sql, user, standing) in new[] { ("UPDATE users SET disabled_at = NULL WHERE name = 'op.left'", "op.left", "disabled"),
                     ("UPDATE users SET removed_at = NULL WHERE name = 'op.gone'", "op.gone", "removed") })
        {
            using var dir = new TempDir();
            var db = demo.CopyInto(dir);
            using (var file = new SqliteConnection($"Data Source={db};Pooling=false"))
            {
                file.Open();
                using var edit = file.CreateCommand();
                edit.CommandText = sql;
                Assert.Equal(1, edit.ExecuteNonQuery());
            }
            var r = await Lfr.Run("store", "import", db, "--store", central, "--site", "van-tampered");
            Assert.True(r.Exit == 3, r.ToString());
            Assert.Contains($"user '{user}' is active, its password", Assert.Single(r.ErrorLines));
            Assert.Contains($"in the file, {standing} at ", r.Error);
            Assert.Contains("nothing was imported", r.Error);
        }
        using var genuine = new TempDir();
        var site = demo.CopyInto(genuine);
        var imported = await Lfr.Run("store", "import", site, "--store", central, "--site", "van-ok");
        Assert.True(imported.Exit == 0, imported.ToString());
        using var source = Storage.Sqlite.SqliteDatabase.Open(site, TimeProvider.System, StoreAccess.Read);
        using var force = PostgresDatabase.Open(central, TimeProvider.System, StoreAccess.Read, new SiteId("van-ok"));
        foreach (var name in new[] { "op.left", "op.gone" }) Assert.Equal(source.Users.Find(name), force.Users.Find(name));
        Assert.Equal((UserStatus.Disabled, UserStatus.Removed), (force.Users.Find("op.left")!.Status, force.Users.Find("op.gone")!.Status));
        Assert.NotNull(force.Users.Find("op.left")!.PasswordChangedAt);
    }

    [Fact]
    public async Task The_untouched_store_imports_and_the_registry_log_is_never_a_site_to_import_into()
    {
        using var dir = new TempDir();
        var db = demo.CopyInto(dir);
        var central = PostgresServer.Shared.NewDatabase("registry");
        var registry = await Lfr.Run("store", "import", db, "--store", central, "--site", "force-registry");
        Assert.Equal(3, registry.Exit);
        Assert.Contains("registry log", registry.Error);

        // A store that claims to be the registry's is no way round it.
        using (var file = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            file.Open();
            using var claim = file.CreateCommand();
            claim.CommandText = "UPDATE sites SET site = 'force-registry'";
            claim.ExecuteNonQuery();
        }
        var claimed = await Lfr.Run("store", "import", db, "--store", central);
        Assert.Equal(3, claimed.Exit);
        Assert.Contains("registry log", claimed.Error);

        using var fresh = new TempDir();
        var genuine = await Lfr.Run("store", "import", demo.CopyInto(fresh), "--store", central, "--site", "van-ok");
        Assert.True(genuine.Exit == 0, genuine.ToString());
    }

    [Fact]
    public void A_store_holding_any_schema_object_we_did_not_create_is_refused_unopened_and_unchanged()
    {
        var objects = from kind in Gen.Elements("trigger", "view", "index", "table")
                      from name in Gen.Elements("flip", "x", "audit_guard", "stat9x", "evidence_wipe")
                      from command in Gen.Elements<string[]>(["alerts", "list"], ["alerts", "adjudicate", "1", "--decision", "reject", "--by", "demo-operator"], ["audit", "head"], ["publish", "site", "--out", "site-out"])
                      select (Kind: kind, Name: name + "_" + kind, Command: command);
        Prop.ForAll(objects.ToArbitrary(), c =>
        {
            using var dir = new TempDir();
            var db = demo.CopyInto(dir);
            using (var file = new SqliteConnection($"Data Source={db};Pooling=false"))
            {
                file.Open();
                using var plant = file.CreateCommand();
                plant.CommandText = c.Kind switch
                {
                    "trigger" => $"CREATE TRIGGER {c.Name} AFTER INSERT ON adjudications BEGIN UPDATE adjudications SET decision = 'reject' WHERE alert_id = NEW.alert_id; END",
                    "view" => $"CREATE VIEW {c.Name} AS SELECT * FROM alerts",
                    "index" => $"CREATE INDEX {c.Name} ON alerts(score)",
                    _ => $"CREATE TABLE {c.Name} (x)",
                };
                plant.ExecuteNonQuery();
            }
            var before = SHA256.HashData(File.ReadAllBytes(db));
            string[] args = [.. c.Command.Select(a => a == "site-out" ? dir["site-out"] : a), "--db", db];
            var r = Lfr.Run(args).GetAwaiter().GetResult();
            Assert.True(r.Exit == 3, $"{c.Kind} {c.Name}, {string.Join(' ', c.Command)}: {r}");
            Assert.Single(r.ErrorLines);
            Assert.Contains($"{c.Kind} '{c.Name}'", r.Error);
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
            Assert.False(Directory.Exists(dir["site-out"]), "nothing published");
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }
}
