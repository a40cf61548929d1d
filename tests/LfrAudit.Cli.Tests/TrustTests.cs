using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Audit;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The audit log and the store hold whatever order commands ran in, however many processes share the store,
/// and whatever clocks they had; reading never changes the store.
/// </summary>
[Trait("Category", "Trust")]
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class TrustTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Copy(string name = "store.db") => seeded.CopyInto(_dir, name);

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<LfrResult> ExportAndVerify(string db, string name)
    {
        var export = _dir[name];
        var exported = await Lfr.Run("audit", "export", "--out", export, "--db", db);
        Assert.True(exported.Exit == 0, exported.ToString());
        // The IAG's own copy of the operator's key: the one beside the store, handed over out of band.
        return await Lfr.Run("audit", "verify", export, "--json", "--public-key", Path.Combine(Path.GetDirectoryName(db)!, AuditKeys.PublicFile));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Several_processes_appending_and_signing_at_once_leave_a_log_that_verifies()
    {
        var db = Copy();
        var start = TestTimeline.RealNow.AddDays(30);
        var env = new Dictionary<string, string> { ["LFR_DB"] = db };
        // Three planners (each plans and publishes notices on its own camera) and two signers, all at once.
        var planners = Enumerable.Range(1, 3).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                var id = $"CON-{p}-{i}";
                var plan = await Lfr.RunProcess(env, "deployment", "plan", "--id", id, "--by", TestUsers.Supervisor, "--location", "Concurrency Street", "--area", "Testham",
                    "--start", Iso(start.AddDays(i)), "--end", Iso(start.AddDays(i).AddHours(4)), "--purpose", "p", "--officer", "A", "--rank", "Superintendent",
                    "--camera", $"cam-{p}", "--watchlist", "demo-watchlist");
                Assert.True(plan.Exit == 0, plan.ToString());
                var notice = await Lfr.RunProcess(env, "deployment", "publish-notice", id, "--by", TestUsers.Supervisor);
                Assert.True(notice.Exit == 0, notice.ToString());
            }
        }));
        var signers = Enumerable.Range(1, 2).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 6; i++)
            {
                var head = await Lfr.RunProcess(env, "audit", "head");
                Assert.True(head.Exit == 0, head.ToString());
            }
        }));
        await Task.WhenAll(planners.Concat(signers));

        var verified = await ExportAndVerify(db, "export");
        Assert.True(verified.Exit == 0, verified.ToString());
        var result = JsonDocument.Parse(verified.Out).RootElement;
        Assert.True(result.GetProperty("tree_heads").GetInt32() >= 12 + 18); // every signer's heads, and one at the end of every planning command
        var entries = File.ReadAllLines(Path.Combine(_dir["export"], "entries.jsonl"));
        Assert.Equal(9, entries.Count(l => l.Contains("\"type\":\"deployment.planned\"") && l.Contains("CON-")));
        Assert.Equal(9, entries.Count(l => l.Contains("\"type\":\"deployment.notice_published\"") && l.Contains("CON-")));
    }

    [Fact]
    public async Task Simulated_time_ahead_then_real_time_is_refused_naming_both_times_and_the_log_still_verifies()
    {
        var db = Copy();
        var ahead = DateTimeOffset.UtcNow.AddDays(3);
        Assert.Equal(0, (await Lfr.Run("audit", "head", "--db", db, "--now", Iso(ahead))).Exit);
        var before = Hash(db);

        // A real-clock command that would write is refused, in one line naming both times; nothing changes.
        var refused = await Lfr.Run("audit", "head", "--db", db);
        Assert.Equal(ExitCodes.StoreUnavailable, refused.Exit);
        var line = Assert.Single(refused.ErrorLines);
        Assert.Contains(ahead.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), line);
        Assert.Contains(DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), line);
        Assert.Equal(before, Hash(db));

        // Reading at real time is fine and changes nothing; later simulated time goes on; the log verifies.
        Assert.Equal(0, (await Lfr.Run("deployment", "list", "--db", db)).Exit);
        Assert.Equal(before, Hash(db));
        Assert.Equal(0, (await Lfr.Run("audit", "head", "--db", db, "--now", Iso(ahead.AddMinutes(1)))).Exit);
        var verified = await ExportAndVerify(db, "export");
        Assert.True(verified.Exit == 0, verified.ToString());
    }

    [Fact]
    public async Task Reading_commands_never_change_the_store_whatever_the_clock_says()
    {
        var db = Copy();
        var export = _dir["read-export"];
        string[][] reads =
        [
            ["deployment", "list"], ["deployment", "status", "--json"], ["alerts", "list", "--json"], ["watchlist", "list"],
            ["audit", "export", "--out", export], ["audit", "prove", "--entry", "0"], ["publish", "site", "--out", _dir["site"]],
        ];
        var originalEvidence = Count(db, "alert_evidence");
        var before = Hash(db);
        // Any reading command at any clock from 2000 to two years ahead (where retention would purge everything).
        var cases = Gen.Elements(reads).SelectMany(r => Gen.Choose(-9000, 700).Select(days => (r, days))).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var now = DateTimeOffset.UtcNow.AddDays(c.days);
            var result = Lfr.Run([.. c.r, "--db", db, "--now", Iso(now)]).GetAwaiter().GetResult();
            // SQLite may leave an empty -wal and its index beside a WAL store it read; nothing may be written into them.
            return result.Exit is 0 or 3 && Hash(db) == before && (!File.Exists(db + "-wal") || new FileInfo(db + "-wal").Length == 0) && !File.Exists(db + "-journal");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
        Assert.Equal(originalEvidence, Count(db, "alert_evidence"));
    }

    [Fact]
    public async Task A_now_far_in_the_future_is_refused_before_anything_is_read_or_purged()
    {
        var db = Copy();
        var before = Hash(db);
        foreach (var args in new[] { new[] { "deployment", "list" }, ["retention", "enforce"], ["audit", "head"] })
        {
            var r = await Lfr.Run([.. args, "--db", db, "--now", TestTimeline.Utc(TestTimeline.RealNow.AddYears(2).AddDays(2))]);
            Assert.Equal(ExitCodes.BadInput, r.Exit);
            Assert.Contains("more than 2 years ahead", Assert.Single(r.ErrorLines));
        }
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task Signing_an_empty_log_is_refused_and_a_size_zero_head_from_an_older_store_still_verifies()
    {
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir.Path)).Exit);
        var empty = await Lfr.Run("audit", "head", "--db", _dir["empty.db"]);
        Assert.Equal(ExitCodes.BadInput, empty.Exit);
        Assert.Contains("empty", Assert.Single(empty.ErrorLines));

        // An older lfr signed size-0 heads; such a log must verify, witness and report once entries follow.
        var db = Copy("old.db");
        using (var key = AuditKeys.LoadPrivate(_dir[AuditKeys.PrivateFile]))
        using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            c.Open();
            var before = TestTimeline.RealNow.AddDays(-30); // before the store's first entry, made on the real clock
            var zero = TreeHead.Sign(0, MerkleTree.EmptyRoot, before, key);
            using var cmd = c.CreateCommand();
            // Put it first, as the first command of an empty store would have.
            cmd.CommandText = "CREATE TEMP TABLE h AS SELECT * FROM audit_tree_heads; DELETE FROM audit_tree_heads; INSERT INTO audit_tree_heads(tree_size, root_hash, timestamp, key_id, signature, site) VALUES ($n, $r, $t, $k, $s, (SELECT site FROM sites)); INSERT INTO audit_tree_heads SELECT * FROM h;";
            cmd.Parameters.AddWithValue("$n", 0);
            cmd.Parameters.AddWithValue("$r", zero.RootHash);
            cmd.Parameters.AddWithValue("$t", before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$k", zero.KeyId);
            cmd.Parameters.AddWithValue("$s", zero.Signature);
            cmd.ExecuteNonQuery();
        }
        var verified = await ExportAndVerify(db, "old-export");
        Assert.True(verified.Exit == 0, verified.ToString());
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir["iag"])).Exit);
        var witness = await Lfr.Run("audit", "witness", _dir["old-export"], "--state", _dir["iag/state.json"], "--key", _dir["iag/audit-signing-key.pem"],
            "--operator-key", Path.Combine(_dir["old-export"], AuditKeys.PublicFile));
        Assert.True(witness.Exit == 0, witness.ToString());
        var report = await Lfr.Run("audit", "report", _dir["old-export"], "--out", _dir["report.html"], "--public-key", Path.Combine(_dir["old-export"], AuditKeys.PublicFile));
        Assert.True(report.Exit == 0, report.ToString());
    }

    [Fact]
    public async Task Every_tampered_export_is_a_located_verification_failure_never_a_crash()
    {
        var db = Copy();
        Assert.Equal(0, (await ExportAndVerify(db, "genuine")).Exit);
        var genuine = _dir["genuine"];
        var entries = File.ReadAllLines(Path.Combine(genuine, "entries.jsonl"));
        var heads = File.ReadAllLines(Path.Combine(genuine, "tree-heads.jsonl"));
        string[] junk = ["{", "[]", "null", "{\"seq\":1e400}", "{\"seq\":\"0\",\"at\":\"x\"}", new string('[', 5000), "\u0000\u0001", "{\"tree_size\":-5,\"root_hash\":\"00\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"key_id\":\"k\",\"signature\":\"!!\"}",
            "{\"tree_size\":99999999999999999999}", "{\"tree_size\":3,\"root_hash\":\"zz\",\"timestamp\":\"9999-99-99\",\"key_id\":\"k\",\"signature\":\"AA==\"}", "\"text\"", "{\"seq\":0,\"at\":\"2026-01-01T00:00:00Z\",\"type\":1,\"data\":[],\"prev\":0}"];
        // A mutation: which file, which line, and what to do there (replace with junk, delete, duplicate, flip a character).
        var mutation = from file in Gen.Elements("entries", "heads", "key")
                       from line in Gen.Choose(0, 10_000)
                       from action in Gen.Choose(0, 3)
                       from piece in Gen.Elements(junk)
                       from at in Gen.Choose(0, 10_000)
                       select (file, line, action, piece, at);
        int n = 0;
        Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var dir = _dir[$"tampered-{n++}"];
            Directory.CreateDirectory(dir);
            foreach (var f in Directory.GetFiles(genuine)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var lines = (m.file == "entries" ? entries : heads).ToList();
            int i = m.line % Math.Max(1, lines.Count);
            if (m.file == "key") File.WriteAllText(Path.Combine(dir, AuditKeys.PublicFile), m.piece);
            else
            {
                switch (m.action)
                {
                    case 0: lines[i] = m.piece; break;
                    case 1: lines.RemoveAt(i); break;
                    case 2: lines.Insert(i, lines[i]); break;
                    default:
                        var chars = lines[i].ToCharArray();
                        int c = m.at % chars.Length;
                        chars[c] = chars[c] == 'a' ? 'b' : 'a';
                        lines[i] = new string(chars);
                        break;
                }
                File.WriteAllLines(Path.Combine(dir, m.file == "entries" ? "entries.jsonl" : "tree-heads.jsonl"), lines);
            }
            var r = Lfr.Run("audit", "verify", dir, "--public-key", Path.Combine(genuine, AuditKeys.PublicFile)).GetAwaiter().GetResult();
            // Only an export that claims nothing new may verify: the same entries, and genuine heads only (a head
            // dropped from the middle or repeated vouches for nothing false).
            bool unchanged = File.ReadAllLines(Path.Combine(dir, "entries.jsonl")).SequenceEqual(entries)
                && File.ReadAllLines(Path.Combine(dir, "tree-heads.jsonl")).All(heads.Contains);
            // (The export's own copy of the key may be damaged at will: the IAG verifies with the key it already holds.)
            return (r.Exit == ExitCodes.Rejected && r.Out.Contains("FAILED", StringComparison.Ordinal) && !r.Error.Contains("   at ", StringComparison.Ordinal))
                || (r.Exit == 0 && unchanged);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public async Task A_damaged_witness_state_file_is_one_clear_error()
    {
        var db = Copy();
        Assert.Equal(0, (await ExportAndVerify(db, "export")).Exit);
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir["iag"])).Exit);
        foreach (var damaged in new[] { "{", "[]", "{\"last_seen\":{\"tree_size\":\"x\"}}", "{\"last_seen\":null}", "\u0000" })
        {
            File.WriteAllText(_dir["state.json"], damaged);
            var r = await Lfr.Run("audit", "witness", _dir["export"], "--state", _dir["state.json"], "--key", _dir["iag/audit-signing-key.pem"],
                "--operator-key", Path.Combine(_dir["export"], AuditKeys.PublicFile));
            Assert.Equal(ExitCodes.BadInput, r.Exit);
            Assert.Contains("witness state file is damaged", Assert.Single(r.ErrorLines));
            Assert.Equal(damaged, File.ReadAllText(_dir["state.json"])); // never overwritten
        }
    }

    [Fact]
    public async Task Names_with_markup_characters_do_not_break_the_list_commands()
    {
        var db = Copy();
        var start = TestTimeline.RealNow.AddDays(30);
        var plan = await Lfr.Run("deployment", "plan", "--id", "MARKUP-1", "--by", TestUsers.Supervisor, "--location", "[red]High [/] Street[", "--area", "[bold]", "--start", Iso(start),
            "--end", Iso(start.AddHours(2)), "--purpose", "[link=x]p[/]", "--officer", "[A]", "--rank", "Superintendent", "--camera", "cam[1]", "--watchlist", "demo-watchlist", "--db", db);
        Assert.True(plan.Exit == 0, plan.ToString());
        foreach (var args in new[] { new[] { "deployment", "list" }, ["deployment", "show", "MARKUP-1"], ["deployment", "status"] })
        {
            var r = await Lfr.Run([.. args, "--db", db]);
            Assert.True(r.Exit == 0, r.ToString());
            Assert.Contains("MARKUP-1", r.Out);
        }
        Assert.Contains("[red]High [/] Street[", (await Lfr.Run("deployment", "show", "MARKUP-1", "--db", db)).Out);
    }

    [Fact]
    public async Task A_deployment_goes_live_only_in_its_window_and_recognition_stops_at_its_planned_end()
    {
        var db = Copy();
        var planned = TestTimeline.RealNow.AddDays(1);
        var start = planned.AddDays(20);
        var end = start.AddHours(8);
        async Task<LfrResult> At(DateTimeOffset now, params string[] args) => await Lfr.Run([.. args, "--db", db, "--now", Iso(now)]);
        Assert.Equal(0, (await At(planned, "deployment", "plan", "--id", "WIN-1", "--by", TestUsers.Supervisor, "--location", "Window Street", "--area", "Testham", "--start", Iso(start),
            "--end", Iso(end), "--purpose", "p", "--officer", "A", "--rank", "Ch Supt", "--camera", "win-cam", "--watchlist", "demo-watchlist")).Exit);
        Assert.Equal(0, (await At(planned, "deployment", "publish-notice", "WIN-1", "--by", TestUsers.Supervisor)).Exit);

        // 16 days before the advertised start: refused without an override, in one line; with one, recorded.
        var early = await At(start.AddDays(-16), "deployment", "start", "WIN-1", "--by", TestUsers.Supervisor);
        Assert.Equal(ExitCodes.BadInput, early.Exit);
        Assert.Contains("before the start its notice advertised", Assert.Single(early.ErrorLines));
        Assert.EndsWith("give --urgent-override \"reason\" --by NAME", early.ErrorLines[0]); // the domain names the remedy; the command line its flags
        Assert.Equal(0, (await At(start.AddDays(-16).AddMinutes(1), "deployment", "start", "WIN-1", "--urgent-override", "intelligence of an imminent threat", "--by", TestUsers.Supervisor)).Exit);

        // Twelve weeks after the planned end: no run is accepted, and status flags the deployment and its overdue report.
        var late = end.AddDays(84);
        var run = await At(late, Lfr.WithModels("run", "--deployment", "WIN-1", "--source", Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi")));
        Assert.Equal(ExitCodes.BadInput, run.Exit);
        Assert.Contains("planned end", Assert.Single(run.ErrorLines));
        var status = JsonDocument.Parse((await At(late, "deployment", "status", "--json")).Out).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("deployment").GetString() == "WIN-1");
        Assert.Equal("outcome report", status.GetProperty("document").GetString());
        Assert.StartsWith("overdue; still live past its planned end", status.GetProperty("status").GetString());
        // It can still be ended; its report was due 5 working days after the planned end, not after today.
        var ended = await At(late.AddMinutes(1), "deployment", "end", "WIN-1", "--by", TestUsers.Supervisor);
        Assert.Equal(0, ended.Exit);
        Assert.Contains("counted from the planned end", ended.Out);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_locked_or_read_only_store_is_exit_6_in_one_line_and_nothing_changes()
    {
        var db = Copy();
        var before = Hash(db);
        using (var holder = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand()) { begin.CommandText = "BEGIN EXCLUSIVE"; begin.ExecuteNonQuery(); }
            var locked = await Lfr.Run("audit", "head", "--db", db);
            Assert.Equal(ExitCodes.StoreUnavailable, locked.Exit);
            Assert.Contains("locked by another process", Assert.Single(locked.ErrorLines));
        }
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var readOnly = await Lfr.Run("audit", "head", "--db", db);
            Assert.Equal(ExitCodes.StoreUnavailable, readOnly.Exit);
            Assert.Contains("read-only", Assert.Single(readOnly.ErrorLines));
            Assert.Equal(0, (await Lfr.Run("deployment", "list", "--db", db)).Exit); // reading still works
        }
        finally { File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
        Assert.Equal(before, Hash(db));
    }

    private static long Count(string db, string table)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }
}
