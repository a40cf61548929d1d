using LfrAudit.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Cli.Output;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The classes of hostile input a review found, through the command line, with generated values: YAML nested up to
/// 100,000 deep, scenarios asking for more footage than any disk holds, crowd mixes naming labels no one has, truth
/// with a line repeated anywhere, damaged or missing simulation state, and escape sequences in every label. Each is
/// exit 3 and one line naming the file (and line) within seconds — never a hang, a crash or a raw escape on the
/// terminal — and an output folder is left exactly as it was. Commands that could hang or overflow the stack run as
/// child processes under a time limit.
/// </summary>
[Trait("Category", "Trust")]
[Collection(SeededCollection.Name)]
public sealed class HostileInputTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    private int _case;
    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, string> Env = new() { ["LFR_DATASETS_DIR"] = SharedData.DatasetsDir };
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private const string Scene = "videos/intel-sample-videos_one-by-one-person-detection.mp4";

    private string Fresh() => Directory.CreateDirectory(_dir[$"case-{_case++}"]).FullName;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A child lfr, killed if it outlives <see cref="Limit"/> (a hang: exit -1).</summary>
    private static async Task<LfrResult> Bounded(params string[] args)
    {
        using var p = Process.Start(Lfr.Process(Env, args))!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try { await p.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            return new LfrResult(-1, await o, $"hung for {Limit.TotalSeconds} s: {await e}");
        }
        return new LfrResult(p.ExitCode, await o, await e);
    }

    /// <summary>Exit 3, one error line (warnings aside) that mentions each of <paramref name="mentions"/>, and no raw escape anywhere.</summary>
    private static string RefusedInOneLine(LfrResult r, params string[] mentions)
    {
        Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
        var lines = r.ErrorLines.Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1 && lines[0].StartsWith("error:", StringComparison.Ordinal), r.ToString());
        foreach (var m in mentions) Assert.True(lines[0].Contains(m, StringComparison.Ordinal), $"'{m}' not in: {lines[0]}");
        NoRawEscapes(r);
        return lines[0];
    }

    private static void NoRawEscapes(LfrResult r)
    {
        foreach (var ch in new[] { '\u001b', '\u009b', '\u0000' })
            Assert.True(!r.Out.Contains(ch) && !r.Error.Contains(ch), $"a raw U+{(int)ch:X4} reached the terminal\n{SafeText.Escape(r.ToString())}");
    }

    private static string Scenario(string footage, string deployments, string mix = "") => Inv($"""
        name: Hostile programme
        footage: {footage}
        locations:
          street: {"{"}name: Test Street, town: Testham, scene: {Scene}{"}"}
        deployments:
        {deployments}{mix}
        """);

    // ---- YAML nested without end ---------------------------------------------------------------------------------

    [Fact]
    public void A_manifest_or_scenario_nested_up_to_100000_deep_is_exit_3_and_one_line_within_seconds()
    {
        var cases = from depth in Gen.Choose(65, 100_000)
                    from shape in Gen.Elements("[", "{k: ", "- ")
                    from command in Gen.Elements("enroll", "simulate")
                    from closed in Gen.Elements(true, false) // closed, it is valid YAML: what once overflowed the stack
                    select (Depth: depth, Shape: shape, Command: command, Closed: closed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var dir = Fresh();
            var nest = new StringBuilder().Insert(0, c.Shape, c.Depth).Append('x');
            if (c.Closed && c.Shape != "- ") nest.Append(c.Shape == "[" ? ']' : '}', c.Depth);
            var text = c.Command == "enroll"
                ? (c.Shape == "- " ? "name: x\nentries:\n  " : "name: x\nentries: ") + nest
                : (c.Shape == "- " ? "name: x\nlocations:\n  " : "name: x\nlocations: ") + nest;
            var path = Path.Combine(dir, "deep.yaml");
            File.WriteAllText(path, text);
            var clock = Stopwatch.StartNew();
            var r = (c.Command == "enroll"
                ? Bounded(Lfr.WithModels("watchlist", "enroll", "--manifest", path, "--db", Path.Combine(dir, "store.db")))
                : Bounded(Lfr.WithModels("simulate", path, "--out", Path.Combine(dir, "out")))).GetAwaiter().GetResult();
            RefusedInOneLine(r, "deep.yaml:", "nest more than 64 deep");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    // ---- Footage past any disk ---------------------------------------------------------------------------------

    [Fact]
    public void A_scenario_asking_for_more_footage_than_the_budget_is_exit_3_with_the_estimate_and_the_limit_and_nothing_written()
    {
        // Either one camera's footage is too much (4K-ish, high rate, long), or each is fine and there are too many cameras.
        var perCamera = from w in Gen.Choose(1921, 3840) from h in Gen.Choose(1081, 2160) from fps in Gen.Choose(25, 60) from min in Gen.Choose(30, 60)
                        from cameras in Gen.Choose(1, 8)
                        select (Footage: Inv($"{{width: {w}, height: {h}, fps: {fps}, minutes: {min}}}"), Deployments: 1, Cameras: cameras, Expect: "per camera");
        var programme = from min in Gen.Choose(20, 60) from deployments in Gen.Choose(3, 12)
                        select (Footage: Inv($"{{width: 1280, height: 720, fps: 10, minutes: {min}}}"), Deployments: deployments, Cameras: 8, Expect: "for a programme");
        Prop.ForAll(Gen.OneOf(perCamera, programme).ToArbitrary(), c =>
        {
            var dir = Fresh();
            var deployments = string.Concat(Enumerable.Range(0, c.Deployments).Select(i => Inv($"  - {{id: H{i}, date: 2027-05-{4 + i:00}, location: street, cameras: {c.Cameras}}}\n")));
            var path = Path.Combine(dir, "huge.yaml");
            File.WriteAllText(path, Scenario(c.Footage, deployments));
            // No datasets here: a scenario that got past its own checks would stop at once on the missing scenes, not film.
            var r = Lfr.Run(Lfr.WithModels("simulate", path, "--out", Path.Combine(dir, "out"), "--datasets", dir)).GetAwaiter().GetResult();
            var line = RefusedInOneLine(r, "huge.yaml:", c.Expect == "per camera" ? "the limit is" : "the limit for a programme", " GB and ");
            Assert.Contains(c.Expect == "per camera" ? ":2: footage:" : ":6: deployments:", line);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    // ---- Crowd mix ---------------------------------------------------------------------------------------------

    [Fact]
    public void A_crowd_mix_naming_a_label_or_value_no_one_has_is_exit_3_naming_the_key_and_the_known_values()
    {
        var cases = Gen.OneOf(
            from label in Gen.Elements("height", "race", "Ethnicity", "gender", "eyes") select (Mix: $"{{{label}: {{tall: 1}}}}", Key: $"mix.{label}:"),
            from label in Gen.Elements("sex", "ethnicity", "age_band", "set")
            from value in Gen.Elements("Martian", "black", "other", "80+", "unknown", "FairFace", "Female")
            select (Mix: $"{{{label}: {{{value}: 1}}}}", Key: $"mix.{label}.{value}:"));
        Prop.ForAll(cases.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (c, inDefaults) =>
        {
            var dir = Fresh();
            var path = Path.Combine(dir, "mix.yaml");
            File.WriteAllText(path, inDefaults
                ? Scenario("{width: 640, height: 360, fps: 8, minutes: 0.5}", "  - {date: 2027-05-04, location: street}\n", $"defaults: {{mix: {c.Mix}}}\n")
                : Scenario("{width: 640, height: 360, fps: 8, minutes: 0.5}", $"  - {{date: 2027-05-04, location: street, mix: {c.Mix}}}\n"));
            var r = Lfr.Run(Lfr.WithModels("simulate", path, "--out", Path.Combine(dir, "out"), "--datasets", dir)).GetAwaiter().GetResult();
            RefusedInOneLine(r, inDefaults ? "mix.yaml:7: " : "mix.yaml:6: ", c.Key, "(known: ");
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    // ---- Simulation state --------------------------------------------------------------------------------------

    private static readonly string[] WrongHashes = ["5", "null", "true", "[]", "{}", "\"\""];
    private static readonly string[] WrongDone = ["\"enrol\"", "5", "null", "{}", "[1]", "[null]", "[\"enrol\", {}]", "[\"\"]", "true"];

    /// <summary>What a damaged state file can be: made in <paramref name="path"/> from generated bytes; what the line must say.</summary>
    private static string Damage(string kind, string path, string hash, byte[] bytes, int cut, int wrongHash, int wrongDone)
    {
        var valid = $"{{\n  \"scenarioHash\": \"{hash}\",\n  \"done\": [\"enrol\", \"notice:H0\", \"live:H0\"]\n}}\n";
        switch (kind)
        {
            case "truncated": File.WriteAllText(path, valid[..(cut % valid.LastIndexOf('}'))]); return "simulation-state.json: ";
            case "garbage": File.WriteAllBytes(path, bytes); return "simulation-state.json: ";
            case "wrong types":
                var h = wrongHash % (WrongHashes.Length + 1) is var i && i == WrongHashes.Length ? $"\"{hash}\"" : WrongHashes[i];
                File.WriteAllText(path, $"{{\"scenarioHash\": {h}, \"done\": {WrongDone[wrongDone % WrongDone.Length]}}}");
                return "simulation-state.json: ";
            case "not an object": File.WriteAllText(path, new[] { "null", "[]", "\"state\"", "42", "true", "[{\"scenarioHash\": \"x\"}]" }[cut % 6]); return "simulation-state.json: holds ";
            case "empty": File.WriteAllBytes(path, bytes.Select(_ => (byte)' ').Take(cut % 4).ToArray()); return "simulation-state.json: is empty";
            case "a directory":
                Directory.CreateDirectory(Path.Combine(path, "inside"));
                return "simulation-state.json: is a directory";
            case "a FIFO": Process.Start("mkfifo", path)!.WaitForExit(); return "simulation-state.json: is a named pipe (FIFO)";
            case "a device": File.CreateSymbolicLink(path, "/dev/zero"); return "simulation-state.json: is a character device";
            case "deep": File.WriteAllText(path, new string('[', 1000 + cut) + new string(']', 1000 + cut)); return "simulation-state.json: is not JSON";
            case "another scenario": File.WriteAllText(path, valid.Replace(hash, new string('0', 64), StringComparison.Ordinal)); return "from a different scenario";
            default: File.WriteAllText(path, valid); return "its store "; // the steps it names were recorded in a store that is gone
        }
    }

    [Fact]
    public void A_damaged_state_file_or_a_missing_store_is_exit_3_naming_the_file_and_the_folder_is_left_as_it_was()
    {
        var text = Scenario("{width: 640, height: 360, fps: 8, minutes: 0.1}", "  - {id: H0, date: 2027-05-04, location: street}\n");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var cases = from kind in Gen.Elements("truncated", "garbage", "wrong types", "not an object", "empty", "a directory", "a FIFO", "a device", "deep",
                        "another scenario", "store missing")
                    from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 200)
                    from cut in Gen.Choose(0, 10_000)
                    from wrongHash in Gen.Choose(0, 100)
                    from wrongDone in Gen.Choose(0, 100)
                    from store in Gen.Elements(true, false)
                    select (Kind: kind, Bytes: bytes, Cut: cut, WrongHash: wrongHash, WrongDone: wrongDone, Store: store && kind != "store missing");
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var dir = Fresh();
            var scenario = Path.Combine(dir, "programme.yaml");
            File.WriteAllText(scenario, text);
            var output = Directory.CreateDirectory(Path.Combine(dir, "out")).FullName;
            // A folder with a programme's work in it: footage, truth, perhaps the store; none of it may change.
            Directory.CreateDirectory(Path.Combine(output, "deployments", "H0"));
            File.WriteAllBytes(Path.Combine(output, "deployments", "H0", "street-cam1.avi"), c.Bytes);
            File.WriteAllText(Path.Combine(output, "deployments", "H0", "street-cam1.truth.json"), "{\"fps\": 8, \"appearances\": []}");
            if (c.Store) File.Copy(seeded.Path, Path.Combine(output, "programme.db"));
            var says = Damage(c.Kind, Path.Combine(output, "simulation-state.json"), hash, c.Bytes, c.Cut, c.WrongHash, c.WrongDone);
            var before = Snapshot(output);

            var r = Bounded(Lfr.WithModels("simulate", scenario, "--out", output)).GetAwaiter().GetResult();
            RefusedInOneLine(r, says, c.Kind is "another scenario" or "store missing" ? "" : "restore it, or simulate into another output folder");
            Assert.Equal(before, Snapshot(output));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(16));
    }

    /// <summary>Every entry under a folder: its kind, and a regular file's size and SHA-256 (nothing else is opened).</summary>
    private static string Snapshot(string folder) => string.Join('\n', Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(p => FileKind.Of(p) is var kind && kind == FileKindOf.Regular
            ? $"{p} {new FileInfo(p).Length} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)))}"
            : $"{p} {kind}"));

    // ---- Truth given twice -------------------------------------------------------------------------------------

    private string Demo(string file) => Path.Combine(Path.GetDirectoryName(seeded.Path)!, file);
    private static string Identities => Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-inputs.json");

    private string[] Footage(string truth, params string[] more) => Lfr.WithModels(["evaluate", "footage", "--db", seeded.Path, "--video", Demo("demo-clip.avi"),
        "--truth", truth, "--watchlist", "demo-watchlist", "--identities", Identities, .. more]);

    /// <summary>The demo's truth, each appearance a compact JSON object.</summary>
    private List<JsonObject> DemoAppearances() =>
        JsonNode.Parse(File.ReadAllText(Demo("demo-clip.truth.json")))!["Appearances"]!.AsArray().Select(a => a!.DeepClone().AsObject()).ToList();

    [Fact]
    public void Truth_with_an_appearance_repeated_at_any_position_is_exit_3_naming_the_file_and_both_lines()
    {
        var cases = from format in Gen.Elements("json", "walk-past")
                    from which in Gen.Choose(0, 9)
                    from at in Gen.Choose(0, 10)
                    from hostile in Gen.Elements("", "\u001b[2J", "\u001b]0;x\u0007")
                    select (Format: format, Which: which, At: at, Hostile: hostile);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var dir = Fresh();
            var appearances = DemoAppearances();
            foreach (var a in appearances) a["Identity"] = a["Identity"]!.GetValue<string>() + c.Hostile;
            var lines = c.Format == "json"
                ? appearances.Select(a => a.ToJsonString()).ToList()
                : appearances.Select(a => Inv($"{a["Identity"]!.GetValue<string>()},van-1,{a["FirstFrame"]!.GetValue<int>() / 10.0},{a["LastFrame"]!.GetValue<int>() / 10.0}")).ToList();
            var repeated = appearances[c.Which]["Identity"]!.GetValue<string>();
            lines.Insert(c.At, lines[c.Which]);
            var path = Path.Combine(dir, c.Format == "json" ? "truth.json" : "walk-past.csv");
            File.WriteAllText(path, c.Format == "json"
                ? "{\"Fps\": 10, \"Frames\": 140, \"Appearances\": [\n" + string.Join(",\n", lines) + "\n]}\n"
                : "person,camera,from,to\n" + string.Join('\n', lines) + "\n");
            int original = c.Which + 2 + (c.At <= c.Which ? 1 : 0), copy = c.At + 2; // both formats: the first appearance on line 2
            var r = Lfr.Run(Footage(path)).GetAwaiter().GetResult();
            RefusedInOneLine(r, $"{path}: line {Math.Max(original, copy)}: '{SafeText.Escape(repeated)}' in frames", $"repeats line {Math.Min(original, copy)} ");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(6));
    }

    // ---- Escape sequences in labels ----------------------------------------------------------------------------

    private static readonly string[] Escapes = ["\u001b[2J", "\u001b[31mred\u001b[0m", "\u001b]0;pwned\u0007", "\u009b1m", "\u001bc"];

    [Fact]
    public void Escape_sequences_in_every_field_of_a_labels_file_never_reach_the_terminal()
    {
        var people = Directory.GetDirectories(SharedData.Dataset("lfw", "images")).Order(StringComparer.Ordinal).Take(8).ToList();
        var cases = from field in Gen.Elements("identity", "sex", "ethnicity", "age_band")
                    from escape in Gen.Elements(Escapes)
                    select (Field: field, Escape: escape);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var dir = Fresh();
            var csv = new StringBuilder("path,identity,sex,ethnicity,age_band\n");
            foreach (var (person, i) in people.Select((p, i) => (p, i)))
                foreach (var image in Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal).Take(2))
                {
                    string Cell(string field, string plain) => field == c.Field ? "\"" + plain + c.Escape + "\"" : plain;
                    csv.Append(CultureInfo.InvariantCulture, $"{image},{Cell("identity", Path.GetFileName(person))},{Cell("sex", i % 2 == 0 ? "female" : "male")},{Cell("ethnicity", "Black")},{Cell("age_band", "20-29")}\n");
                }
            File.WriteAllText(Path.Combine(dir, "labels.csv"), csv.ToString());
            var r = Lfr.Run(Lfr.WithModels("evaluate", "images", "--labels", Path.Combine(dir, "labels.csv"), "--root", "/", "--out", Path.Combine(dir, "report"),
                "--cache", _dir["cache"])).GetAwaiter().GetResult();
            Assert.True(r.Exit == 0, SafeText.Escape(r.ToString()));
            NoRawEscapes(r);
            if (c.Field == "sex") Assert.Contains(SafeText.Escape(c.Escape), r.Out); // shown, escaped
            foreach (var written in new[] { "report.html", "report.csv", "report.json" })
                Assert.DoesNotContain('\u001b', File.ReadAllText(Path.Combine(dir, "report", written)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4));
    }

    [Fact]
    public void Escape_sequences_in_a_truth_files_identities_and_groups_never_reach_the_terminal()
    {
        Prop.ForAll(Gen.Elements(Escapes).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (escape, json) =>
        {
            var dir = Fresh();
            var appearances = DemoAppearances();
            foreach (var (a, i) in appearances.Select((a, i) => (a, i)))
                a["Groups"] = new JsonObject { ["sex"] = (i % 2 == 0 ? "female" : "male") + escape, ["ethnicity"] = escape + "White" };
            appearances[0]["Identity"] = escape + "someone";
            var path = Path.Combine(dir, "truth.json");
            File.WriteAllText(path, new JsonObject { ["Fps"] = 10, ["Frames"] = 140, ["Appearances"] = new JsonArray([.. appearances]) }.ToJsonString());
            var r = Lfr.Run(Footage(path, json ? ["--json"] : [])).GetAwaiter().GetResult();
            Assert.True(r.Exit == 0, SafeText.Escape(r.ToString()));
            NoRawEscapes(r);
            if (!json) Assert.Contains($"sex female{SafeText.Escape(escape)}: detected", r.Out);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3));
    }

    [Fact]
    public void Escape_sequences_in_a_scenarios_names_and_labels_are_refused_without_reaching_the_terminal()
    {
        Prop.ForAll(Gen.Elements(Escapes).ToArbitrary(), Gen.Elements("name", "location name", "town", "location key", "mix label", "mix value", "id").ToArbitrary(), (escape, where) =>
        {
            var dir = Fresh();
            var quoted = JsonSerializer.Serialize("x" + escape); // YAML's double-quoted strings take JSON's escapes
            var text = Scenario("{width: 640, height: 360, fps: 8, minutes: 0.5}", "  - {date: 2027-05-04, location: street, mix: {ethnicity: {Black: 1}}}\n");
            text = where switch
            {
                "name" => text.Replace("Hostile programme", quoted, StringComparison.Ordinal),
                "location name" => text.Replace("Test Street", quoted, StringComparison.Ordinal),
                "town" => text.Replace("Testham", quoted, StringComparison.Ordinal),
                "location key" => text.Replace("street", quoted, StringComparison.Ordinal),
                "mix label" => text.Replace("ethnicity:", quoted + ":", StringComparison.Ordinal),
                "mix value" => text.Replace("Black:", quoted + ":", StringComparison.Ordinal),
                _ => text.Replace("{date:", $"{{id: {quoted}, date:", StringComparison.Ordinal),
            };
            var path = Path.Combine(dir, "names.yaml");
            File.WriteAllText(path, text);
            var r = Lfr.Run(Lfr.WithModels("simulate", path, "--out", Path.Combine(dir, "out"), "--datasets", dir)).GetAwaiter().GetResult();
            RefusedInOneLine(r, "names.yaml");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }
}
