using System.CommandLine;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Composition;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Every lfr command, driven with hostile values for each of its options and arguments (control and markup
/// characters, NaN and overflowing numbers, dates at the edges of the calendar, special and huge files),
/// on a copy of a real store: the exit code is a documented one and never 1, a failure is one line on stderr
/// with no stack trace, and the store is intact — nothing recorded is lost and its audit log still verifies.
/// </summary>
[Trait("Category", "Trust")]
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class HostileCommandProperties : IClassFixture<HostileCommandProperties.Setting>
{
    private readonly Setting _s;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public HostileCommandProperties(Setting setting, Xunit.Abstractions.ITestOutputHelper output)
    {
        _s = setting;
        _output = output;
    }

    /// <summary>What the commands need: the demo's store and key, an export, an IAG key, small valid inputs, and hostile files.</summary>
    public sealed class Setting : IDisposable
    {
        private readonly SeededStore _seeded;
        public TempDir Dir { get; } = new();
        public string Store => _seeded.Path;
        public string Key => Path.Combine(Path.GetDirectoryName(_seeded.Path)!, AuditKeys.PrivateFile);
        public string PublicKey => Path.Combine(Path.GetDirectoryName(_seeded.Path)!, AuditKeys.PublicFile);
        public string Export => Path.Combine(Path.GetDirectoryName(_seeded.Path)!, "audit-export");
        public string Clip => Path.Combine(Path.GetDirectoryName(_seeded.Path)!, "demo-clip.avi");
        public string Truth => Path.Combine(Path.GetDirectoryName(_seeded.Path)!, "demo-clip.truth.json");
        public string Frames { get; }
        public string Manifest { get; }
        public string Labels { get; }
        public string IagKey { get; }
        public string[] HostilePaths { get; }

        public Setting(SeededStore seeded)
        {
            _seeded = seeded; // shared by the collection: read and copied, never changed
            Frames = Directory.CreateDirectory(Dir["frames"]).FullName;
            foreach (var (n, i) in new[] { ("Colin_Powell", 1), ("Tony_Blair", 2) })
                File.Copy(SharedData.Dataset("lfw", "images", n, $"{n}_0002.jpg"), Path.Combine(Frames, $"{i:D4}.jpg"));
            Manifest = Dir["wl.yaml"];
            File.WriteAllText(Manifest, """
                name: small
                entries:
                  - {id: S-1, category: court-warrant, source: s, authorised_by: a, approved_at: 2026-01-01T00:00:00Z, expires_at: 2099-01-01T00:00:00Z, images: [frames/0001.jpg]}
                """);
            Labels = Dir["labels.csv"];
            File.WriteAllText(Labels, "path,identity,sex\nframes/0001.jpg,a,female\nframes/0002.jpg,b,male\n");
            Lfr.Run("audit", "keygen", "--out", Dir["iag"]).GetAwaiter().GetResult();
            IagKey = Dir["iag/" + AuditKeys.PrivateFile];

            var fifo = Dir["fifo"];
            Process.Start("mkfifo", fifo)!.WaitForExit();
            var huge = Dir["huge.bin"];
            using (var f = File.Create(huge)) f.SetLength(300L * 1024 * 1024); // sparse
            File.WriteAllText(Dir["garbage.txt"], "\u0000\u00ff not what you expected [red] {}");
            File.WriteAllBytes(Dir["empty"], []);
            HostilePaths = [fifo, "/dev/zero", "/dev/null", "/dev/urandom", huge, Dir["garbage.txt"], Dir["empty"], Dir.Path, Dir["missing/nothing"],
                Dir["new\nline"], Dir["[red]markup[/]"], Dir["tab\there"], Dir["esc\u001b[2J"], "", " ", "-", Dir["garbage.txt"] + "/below-a-file"];
        }

        public void Dispose() => Dir.Dispose();
    }

    private enum Kind { Text, Number, Time, InputPath, OutputPath }

    private static readonly string[] HostileText =
    [
        "", " ", "\t", "a\nb", "line\r\nbreak", "\u0000", "\u001b[31mred\u001b[0m", "[red]x[/]", "[", "]", "[[", "x]y[", "{0}", "%s%n", "'; DROP TABLE alerts; --",
        "\u202eevil", "😀", new string('x', 5000), "--help", "-x", "NaN", "<script>alert(1)</script>", "..", "/etc/passwd", "DEP-1", "demo-watchlist",
    ];

    private static readonly string[] HostileNumbers =
    [
        "NaN", "nan", "Infinity", "-Infinity", "∞", "1e309", "-1e309", "1e-320", "99999999999999999999", "-99999999999999999999", "2147483648", "-2147483649",
        "9223372036854775808", "-1", "0", "-0", "0.5", "1.0000001", "0x10", "1,5", "١٢", "", " ", "1e3", "+7", "3.",
    ];

    private static readonly string[] HostileTimes =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "2026-02-30T10:00", "2026-13-01", "2026-03-29T01:30",
        "2026-10-25T01:30", "24:00", "now", "yesterday", "", "2026-12-10T10:00:00+14:00", "2026-12-10T10:00:00-12:00", "-5000-01-01", "2027-06-30T23:59:60Z",
        "2028-02-29T12:00", "2027-02-29T12:00", "1e10", "\u0000",
        // Relative to the clock the test runs under: either side of the simulation clock's two-year lead, yesterday, and
        // the London clock changes of the coming year (a time in the spring gap and one in the autumn's repeated hour).
        .. RelativeTimes(TestTimeline.RealNow),
    ];

    private static string[] RelativeTimes(DateTimeOffset now)
    {
        string Z(DateTimeOffset t) => TestTimeline.Utc(t);
        var lastSunday = (int year, int month) => Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(d => new DateOnly(year, month, d)).Last(d => d.DayOfWeek == DayOfWeek.Sunday);
        int y = now.Year + 1;
        return [Z(now.AddDays(2 * 365 + 1)), Z(now.AddDays(2 * 365 - 1)), Z(now.AddDays(-1)), Z(now.AddYears(1)),
            $"{lastSunday(y, 3):yyyy-MM-dd}T01:30", $"{lastSunday(y, 10):yyyy-MM-dd}T01:30", $"{now.Year + 1}-02-29T12:00"];
    }

    // Minutes long or downloads; or, for the console, adding a user and giving one a new password, running until stopped
    // and reading a password from standard input; or recording for as long as they are told to by design (a store's load
    // and bench): covered elsewhere (ConsoleAccessTests, UsersCommandTests, UsersManagementTests, CentralStoreTests).
    private static readonly string[] Excluded = ["lfr bench", "lfr demo", "lfr models fetch", "lfr console", "lfr users add", "lfr users password", "lfr store load", "lfr store bench"];

    private static IEnumerable<(string Path, Command Command)> Leaves(RootCommand root) => CommandLeaves.Of(root);

    /// <summary>A valid invocation of each command, or as near as one can be, on the store copy at <paramref name="db"/>.</summary>
    private string[] Baseline(string command, string db, string scratch)
    {
        var start = TestTimeline.Local(TestTimeline.RealNow.AddDays(20));
        var end = TestTimeline.Local(TestTimeline.RealNow.AddDays(20).AddHours(6));
        string[] args = command switch
        {
            "lfr watchlist enroll" => ["--manifest", _s.Manifest, "--images-root", _s.Dir.Path],
            "lfr run" => ["--watchlist", "demo-watchlist", "--source", _s.Frames, "--threshold", "0.5", "--camera", "cam-x"],
            "lfr alerts adjudicate" => ["1", "--decision", "confirm", "--by", TestUsers.Operator, "--note", "n"],
            "lfr alerts outcome" => ["1", "--outcome", "arrested", "--by", TestUsers.Operator, "--note", "n"],
            "lfr alerts review" => ["--by", TestUsers.Operator],
            "lfr serve" => ["DEP-X", "--camera", $"cam-h={_s.Frames}", "--status-every", "1"],
            "lfr alerts list" => ["--run", "run-x"],
            "lfr deployment plan" => ["--id", "HOST-1", "--by", TestUsers.Supervisor, "--location", "Somewhere", "--area", "Area", "--lat", "51.5", "--lon", "-0.1", "--start", start, "--end", end,
                "--purpose", "p", "--officer", "A", "--rank", "Superintendent", "--camera", "cam-h", "--watchlist", "demo-watchlist", "--threshold", "0.6",
                "--retain-confirmed-days", "31", "--retain-unadjudicated-hours", "24"],
            "lfr deployment start" => ["DEP-X", "--urgent-override", "reason", "--by", TestUsers.Supervisor],
            "lfr deployment cancel" => ["DEP-X", "--reason", "r", "--by", TestUsers.Supervisor],
            "lfr deployment threshold" => ["DEP-X", "--to", "0.6", "--by", TestUsers.Supervisor, "--reason", "r"],
            "lfr deployment publish-notice" or "lfr deployment end" or "lfr deployment publish-outcome" => ["DEP-X", "--by", TestUsers.Supervisor],
            "lfr deployment show" => ["DEP-X"],
            "lfr users disable" or "lfr users remove" => [TestUsers.SecondOperator, "--by", TestUsers.Supervisor],
            "lfr users enable" => [TestUsers.Reviewer, "--by", TestUsers.Supervisor],
            "lfr publish site" => ["--out", Path.Combine(scratch, "site")],
            "lfr audit keygen" => ["--out", Path.Combine(scratch, "keys")],
            "lfr audit export" => ["--out", Path.Combine(scratch, "export")],
            "lfr audit verify" => [_s.Export, "--public-key", _s.PublicKey],
            "lfr audit prove" => ["--entry", "3"],
            "lfr audit witness" => [_s.Export, "--state", Path.Combine(scratch, "state.json"), "--key", _s.IagKey, "--operator-key", _s.PublicKey],
            "lfr audit report" => [_s.Export, "--out", Path.Combine(scratch, "report.html"), "--public-key", _s.PublicKey],
            "lfr audit bench" => ["--entries", "200", "--out", Path.Combine(scratch, "bench.json")],
            "lfr evaluate images" => ["--labels", _s.Labels, "--root", _s.Dir.Path, "--seed", "1", "--holdout", "0.5", "--threshold", "0.5",
                "--out", Path.Combine(scratch, "eval"), "--cache", Path.Combine(scratch, "cache")],
            "lfr evaluate footage" => ["--video", _s.Clip, "--truth", _s.Truth, "--watchlist", "demo-watchlist", "--identities", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-inputs.json")],
            _ => [],
        };
        var takes = Leaves(LfrApp.CommandTree()).Single(l => l.Path == command).Command.Options.Select(o => o.Name).ToHashSet();
        return [.. args, .. takes.Contains("--db") ? new[] { "--db", db } : [], .. takes.Contains("--models") ? new[] { "--models", SharedData.ModelsDir } : []];
    }

    private static Kind KindOf(Symbol s) => s switch
    {
        Option o when o.ValueType == typeof(bool) => Kind.Text, // flags take no value: a value becomes a stray argument
        Option o when (Nullable.GetUnderlyingType(o.ValueType) ?? o.ValueType).IsPrimitive => Kind.Number,
        Argument a when a.ValueType == typeof(long) => Kind.Number,
        _ when s.Name is "--now" or "--start" or "--end" => Kind.Time,
        _ when s.Name is "--threshold" or "--to" => Kind.Number,
        _ when s.Name is "--out" or "--log-file" or "--cache" or "--state" => Kind.OutputPath,
        _ when s.Name is "--db" or "--models" or "--manifest" or "--images-root" or "--source" or "--labels" or "--root" or "--crowd" or "--video"
            or "--truth" or "--identities" or "--track-identities" or "--public-key" or "--key" or "--operator-key" or "--audit-key" or "dir" => Kind.InputPath,
        _ => Kind.Text,
    };

    private Gen<string> Values(Kind kind) => kind switch
    {
        Kind.Number => Gen.Elements(HostileNumbers),
        Kind.Time => Gen.Elements(HostileTimes),
        Kind.InputPath or Kind.OutputPath => Gen.Elements(_s.HostilePaths),
        _ => Gen.Elements(HostileText),
    };

    /// <summary>The baseline with one option's (or argument's) value replaced by a hostile one.</summary>
    private static string[] WithHostile(string[] baseline, Symbol slot, string value, Command command)
    {
        var args = baseline.ToList();
        if (slot is Argument)
        {
            int position = command.Arguments.ToList().IndexOf((Argument)slot);
            int seen = -1;
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal)) { i++; continue; }
                if (++seen == position) { args[i] = value; return [.. args]; }
            }
            args.Insert(0, value);
            return [.. args];
        }
        int at = args.IndexOf(slot.Name);
        if (at >= 0 && at + 1 < args.Count) args[at + 1] = value;
        else args.AddRange([slot.Name, value]);
        return [.. args];
    }

    [Fact]
    public void Every_command_has_a_baseline_or_is_excluded_for_a_stated_reason()
    {
        var leaves = Leaves(LfrApp.CommandTree()).Select(l => l.Path).ToList();
        Assert.True(leaves.Count >= 30, string.Join(", ", leaves));
        foreach (var path in leaves.Where(p => !Excluded.Contains(p)))
            Assert.NotNull(Baseline(path, "x.db", "scratch"));
    }

    [Fact]
    public void Every_command_with_a_hostile_value_exits_with_a_documented_code_one_line_and_an_intact_store()
    {
        var root = LfrApp.CommandTree();
        var globals = root.Options.ToList();
        var leaves = Leaves(root).Where(l => !Excluded.Contains(l.Path)).ToList();
        // Commands that load the models take a second or more: drawn less often than the rest.
        var commands = Gen.Frequency(leaves.Select(l => (l.Path is "lfr run" or "lfr watchlist enroll" or "lfr evaluate images" or "lfr evaluate footage" ? 1 : 4, Gen.Constant(l))).ToArray());
        var cases = from leaf in commands
                    let slots = leaf.Command.Options.Where(o => o.Name != "--help" && o.Name != "--version").Cast<Symbol>()
                        .Concat(leaf.Command.Arguments).Concat(globals.Where(g => g.Name is not ("--help" or "--version"))).ToArray()
                    from slot in Gen.Elements(slots)
                    from value in Values(KindOf(slot))
                    select (leaf.Path, leaf.Command, Slot: slot, Value: value);

        int n = 0;
        var tally = new Dictionary<(string, int), int>();
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var scratch = Directory.CreateDirectory(_s.Dir[$"case-{n++}"]).FullName;
            var db = Path.Combine(scratch, "store.db");
            File.Copy(_s.Store, db);
            File.Copy(_s.Key, Path.Combine(scratch, AuditKeys.PrivateFile));
            var before = Contents(db);
            var args = WithHostile([.. c.Path.Split(' ').Skip(1), .. Baseline(c.Path, db, scratch)], c.Slot, c.Value, c.Command);

            var run = Lfr.Run(args);
            var finished = run.Wait(TimeSpan.FromSeconds(120));
            Assert.True(finished, $"hung: {Show(args)}");
            var r = run.Result;

            var problems = new List<string>();
            if (r.Exit is not (0 or 2 or 3 or 4 or 5 or 6)) problems.Add($"exit {r.Exit} is not a documented exit code for bad input");
            if (r.Error.Contains("   at ", StringComparison.Ordinal) || r.Error.Contains("unexpected failure", StringComparison.Ordinal)) problems.Add("a stack trace or an unexpected failure");
            var lines = r.ErrorLines.Where(l => !l.StartsWith("warning:", StringComparison.Ordinal) && !l.StartsWith("watchlist '", StringComparison.Ordinal)).ToList();
            if (r.Exit != 0 && (lines.Count != 1 || !lines[0].StartsWith("error:", StringComparison.Ordinal))) problems.Add($"{lines.Count} problem lines");
            if (r.Error.Contains('\u001b')) problems.Add("a raw escape character on stderr");
            var after = Contents(db);
            if (after.Integrity != "ok") problems.Add($"integrity: {after.Integrity}");
            if (after.Alerts < before.Alerts || after.Watchlists < before.Watchlists || after.Entries < before.Entries) problems.Add($"lost records: {before} -> {after}");
            if (!after.LogVerifies) problems.Add("the audit log no longer verifies");
            Assert.True(problems.Count == 0, $"{string.Join("; ", problems)}\n{Show(args)}\n{r}");
            tally[(c.Path, r.Exit)] = tally.GetValueOrDefault((c.Path, r.Exit)) + 1;
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Environment.GetEnvironmentVariable("LFR_HOSTILE_CASES") is { } cases2 ? int.Parse(cases2) : 500));
        // What was tried, by command and exit code (in the test log).
        foreach (var ((path, exit), count) in tally.OrderBy(t => t.Key)) _output.WriteLine($"{path}: exit {exit} x{count}");
        Assert.True(tally.Keys.Select(k => k.Item1).Distinct().Count() >= 20, "too few commands were exercised");
    }

    private static string Show(string[] args) => "lfr " + string.Join(' ', args.Select(a => SafeText.Escape(a).Length > 80 ? SafeText.Escape(a)[..80] + "…" : $"'{SafeText.Escape(a)}'"));

    private sealed record StoreContents(string Integrity, long Alerts, long Watchlists, long Entries, bool LogVerifies);

    private StoreContents Contents(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        string Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        var entries = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT canonical FROM audit_entries ORDER BY seq";
            using var r = cmd.ExecuteReader();
            while (r.Read()) entries.Add(r.GetString(0));
        }
        var heads = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT tree_size, root_hash, timestamp, key_id, signature FROM audit_tree_heads ORDER BY rowid";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                heads.Add(new TreeHead(r.GetInt64(0), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4)).ToJson().ToJsonString());
        }
        using var key = AuditKeys.LoadPublic(_s.PublicKey);
        var verified = LogVerifier.Verify(entries, heads, key);
        // A log may end in entries not yet signed (signing needs the key, and a refused command signs nothing): only a broken one fails.
        bool ok = verified.Ok || verified.Problems.All(p => p.Contains("not covered by any valid signed tree head", StringComparison.Ordinal));
        return new StoreContents(Scalar("PRAGMA integrity_check"), long.Parse(Scalar("SELECT COUNT(*) FROM alerts")), long.Parse(Scalar("SELECT COUNT(*) FROM watchlists")), entries.Count, ok);
    }
}
