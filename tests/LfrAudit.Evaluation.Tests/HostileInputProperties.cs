using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Testing;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// Hostile inputs to the evaluation and the simulator, by class, with generated values: scenarios nested without end
/// or asking for more footage than a disk holds, crowd mixes naming labels no one has, truth with a line given twice
/// anywhere in it, and escape sequences in every label. Each is one line naming the file and the line (or, for
/// labels, shown escaped); valid inputs of the same shapes still read.
/// </summary>
public sealed class HostileInputProperties : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-hostile-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Scenario(string footage = "{width: 640, height: 360, fps: 8, minutes: 0.5}", string deployments = "  - {date: 2027-01-10, location: a}\n") => $"""
        name: Test programme
        footage: {footage}
        locations:
          a: {"{"}name: Alpha Street, town: Testham, scene: videos/a.mp4{"}"}
        deployments:
        {deployments}
        """;

    // ---- Nesting -------------------------------------------------------------------------------------------------

    [Fact]
    public void A_scenario_nested_to_any_depth_up_to_100000_is_one_line_with_its_line_within_seconds()
    {
        var cases = from shape in Gen.Elements("[", "{k: ", "- ")
                    from depth in Gen.OneOf(Gen.Choose(0, 80), Gen.Choose(60, 100_000))
                    from closed in Gen.Elements(true, false)
                    from under in Gen.Elements("", "name: x\nlocations: ", "name: x\nlocations:\n  a: {scene: v.mp4}\ndeployments:\n  - ")
                    select (Shape: shape, Depth: depth, Closed: closed, Under: under);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var nest = new StringBuilder().Insert(0, c.Shape, c.Depth).Append('x');
            if (c.Closed && c.Shape != "- ") nest.Append(c.Shape == "[" ? ']' : '}', c.Depth);
            // Block lists cannot follow a key on its line: they go on the next one.
            var text = c.Shape == "- " && c.Under.EndsWith(": ", StringComparison.Ordinal) ? c.Under.TrimEnd() + "\n  " + nest : c.Under + nest;
            // Levels the text around the nest opens: the top mapping, and under 'deployments' its list too.
            int outer = c.Under.Length == 0 ? 0 : c.Under.Contains("deployments", StringComparison.Ordinal) ? 2 : 1;
            var clock = Stopwatch.StartNew();
            string? refused = null;
            try { ScenarioFile.Parse(text, "deep.yaml"); }
            catch (LfrInputException ex) { refused = ex.Message; }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{c.Shape} x{c.Depth}: {clock.Elapsed}");
            Assert.NotNull(refused); // nothing here is a whole scenario
            Assert.Matches(@"^deep\.yaml(:\d+)?: ", refused);
            Assert.DoesNotContain("\n", refused);
            if (c.Depth + outer > 64) Assert.Contains("nest more than 64 deep", refused);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    // ---- Size --------------------------------------------------------------------------------------------------

    [Fact]
    public void Footage_that_multiplies_past_the_budget_is_refused_with_the_estimate_and_the_limit_and_anything_less_reads()
    {
        var cases = from width in Gen.OneOf(Gen.Choose(64, 3840), Gen.Elements(640, 1280, 1920, 3840))
                    from height in Gen.OneOf(Gen.Choose(64, 2160), Gen.Elements(360, 720, 1080, 2160))
                    from fps in Gen.OneOf(Gen.Choose(1, 60), Gen.Elements(5, 10, 25, 60))
                    from minutes in Gen.OneOf(Gen.Choose(1, 1200).Select(m => m / 20.0), Gen.Elements(0.5, 1.0, 60.0))
                    from deployments in Gen.Choose(1, 30)
                    from cameras in Gen.ListOf(Gen.Choose(1, 8), deployments)
                    select (Width: width, Height: height, Fps: fps, Minutes: minutes, Cameras: cameras);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var deployments = string.Concat(c.Cameras.Select((n, i) => Inv($"  - {{id: D{i}, date: 2027-01-{1 + i % 28:00}, location: a, cameras: {n}}}\n")));
            var text = Scenario(Inv($"{{width: {c.Width}, height: {c.Height}, fps: {c.Fps}, minutes: {c.Minutes}}}"), deployments);
            // The budget as documented: frames and pixels per camera; frames, 0.15 bytes a pixel and 15 ms a frame + 55 ns a pixel for all.
            long frames = (long)Math.Round(c.Minutes * 60 * c.Fps);
            double pixels = (double)frames * c.Width * c.Height;
            long allCameras = c.Cameras.Sum();
            double seconds = allCameras * (frames * 0.015 + pixels * 55e-9);
            bool perCamera = frames > 36_000 || pixels > 40e9;
            bool programme = frames * allCameras > 1_000_000 || pixels * allCameras * 0.15 > 20e9 || seconds > 12 * 3600;
            string? refused = null;
            try { ScenarioFile.Parse(text, "big.yaml"); }
            catch (LfrInputException ex) { refused = ex.Message; }
            Assert.True((perCamera || programme) == (refused is not null), $"{c}: {refused ?? "read"}");
            if (perCamera)
                Assert.StartsWith(Inv($"big.yaml:2: footage: {c.Width}x{c.Height} at {c.Fps} fps for {c.Minutes:0.##} min is {frames:N0} frames ("), refused);
            else if (programme)
                Assert.StartsWith(Inv($"big.yaml:6: deployments: {c.Cameras.Count:N0} deployments with {allCameras:N0} cameras in all film {frames * allCameras:N0} frames"), refused);
            if (refused is not null)
            {
                Assert.Contains(" GB and ", refused);                // the estimate
                Assert.Contains("the limit ", refused);              // the limit
                Assert.DoesNotContain("\n", refused);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Four_K_at_60_fps_for_an_hour_on_eight_cameras_is_refused_and_the_sample_and_test_scenarios_are_not()
    {
        var ex = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Scenario("{width: 3840, height: 2160, fps: 60, minutes: 60}",
            "  - {date: 2027-01-10, location: a, cameras: 8}\n"), "4k.yaml"));
        Assert.StartsWith("4k.yaml:2: footage: 3840x2160 at 60 fps for 60 min is 216,000 frames (1,791.6 gigapixels, about 268.7 GB", ex.Message);

        var sample = ScenarioFile.Read(Path.Combine(SharedData.RepositoryRoot, "scenarios", "exampletown-winter.yaml"));
        var estimate = FootageEstimate.Of(sample.Footage).Times(sample.Deployments.Sum(d => d.Cameras));
        Assert.Equal((9 * 450L, 0.6), (estimate.Frames, Math.Round(estimate.Bytes / 1e9, 1)));
        Assert.InRange(estimate.Time.TotalSeconds, 80, 160); // docs/simulator-calibration.md: about 95 s of the sample's 118 s is its cameras' work
    }


    // ---- A location's ground ------------------------------------------------------------------------------------

    [Fact]
    public void A_location_s_ground_is_read_in_range_and_anything_else_is_one_line_naming_the_line_and_key()
    {
        // Numbers across and beyond the ranges, text that is no number, and keys that are not the ground's.
        var numbers = Gen.OneOf(Gen.Choose(-200, 1200).Select(n => Inv($"{n / 1000.0}")),
            Gen.Elements(".nan", "NaN", "inf", "-.inf", "1e308", "0x10", "", "half", "0.3.1"));
        var keys = Gen.OneOf(Gen.Constant("horizon"), Gen.Constant("descent"), Gen.Elements("Horizon", "slope", "floor", "descent "));
        Prop.ForAll(Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(from k in keys from v in numbers select (Key: k, Value: v), n))
            .Select(g => g.DistinctBy(x => x.Key.Trim()).ToList()).ToArbitrary(), ground =>
        {
            var yaml = "{" + string.Join(", ", ground.Select(g => $"\"{g.Key}\": \"{g.Value}\"")) + "}";
            var text = Scenario().Replace("scene: videos/a.mp4}", $"scene: videos/a.mp4,\n      ground: {yaml}}}");
            double? Valued(string key, double low, double high) =>
                ground.FirstOrDefault(g => g.Key == key) is { Key: not null } g
                    ? double.TryParse(g.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x >= low && x <= high ? x : null
                    : key == "horizon" ? 0.30 : 0.40;
            double? horizon = Valued("horizon", 0, 0.9), descent = Valued("descent", 0, 0.6);
            bool readable = ground.All(g => g.Key is "horizon" or "descent") && horizon is { } h && descent is { } d && h + d <= 0.95 + 1e-9;
            try
            {
                var read = ScenarioFile.Parse(text, "ground.yaml").Locations[0].Ground;
                Assert.True(readable, $"{yaml} was read as {read}");
                Assert.Equal((horizon, descent), ((double?)read.Horizon, (double?)read.Descent));
            }
            catch (LfrInputException ex)
            {
                Assert.False(readable, $"{yaml}: {ex.Message}");
                Assert.Matches(@"^ground\.yaml:5: (locations\.a\.ground|horizon|descent)", ex.Message);
                Assert.DoesNotContain("\n", ex.Message);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

        // The sample's scenes each say where their floor is, or take the default.
        var sample = ScenarioFile.Read(Path.Combine(SharedData.RepositoryRoot, "scenarios", "exampletown-winter.yaml"));
        Assert.Equal(LocationGround.Default, sample.Locations[0].Ground);
        Assert.Equal(new LocationGround(0.58, 0.23), sample.Locations.Single(l => l.Key == "arcade").Ground);
    }

    // ---- Crowd mix ---------------------------------------------------------------------------------------------

    private static readonly Dictionary<string, string[]> KnownLabels = new()
    {
        ["sex"] = ["female", "male"],
        ["ethnicity"] = ["Asian", "Black", "East Asian", "Indian", "Latino_Hispanic", "Middle Eastern", "Others", "Southeast Asian", "White"],
        ["age_band"] = ["0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70+"],
        ["set"] = ["fairface", "lfw", "utkface"],
    };

    [Fact]
    public void A_mix_naming_a_label_or_value_no_one_has_is_refused_with_the_known_ones_and_a_known_mix_reads()
    {
        var labels = Gen.Elements("sex", "ethnicity", "age_band", "set", "Ethnicity", "height", "race", "gender", "age");
        var values = Gen.Elements(KnownLabels.Values.SelectMany(v => v).Concat(["Martian", "black", "white ", "other", "80+", "unknown", "FairFace"]).ToArray());
        var mixes = from count in Gen.Choose(1, 3)
                    from labelled in Gen.ListOf(from label in labels from n in Gen.Choose(1, 4) from vs in Gen.ListOf(values, n) select (Label: label, Values: vs.Distinct().ToList()), count)
                    select labelled.DistinctBy(x => x.Label).ToList();
        Prop.ForAll(mixes.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (mix, inDefaults) =>
        {
            var yaml = "{" + string.Join(", ", mix.Select(m => $"{m.Label}: {{" + string.Join(", ", m.Values.Select(v => $"\"{v}\": 1")) + "}")) + "}";
            var text = inDefaults
                ? Scenario().Replace("deployments:", $"defaults: {{mix: {yaml}}}\ndeployments:")
                : Scenario(deployments: $"  - {{date: 2027-01-10, location: a, mix: {yaml}}}\n");
            var unknownLabel = mix.FirstOrDefault(m => !KnownLabels.ContainsKey(m.Label));
            var unknownValue = mix.FirstOrDefault(m => KnownLabels.TryGetValue(m.Label, out var known) && m.Values.Any(v => !known.Contains(v)));
            string? refused = null;
            try
            {
                var s = ScenarioFile.Parse(text, "mix.yaml");
                Assert.Equal(mix.Sum(m => m.Values.Count), s.Deployments[0].Mix!.Sum(m => m.Value.Count));
            }
            catch (LfrInputException ex) { refused = ex.Message; }
            Assert.True(((unknownLabel.Label ?? unknownValue.Label) is null) == (refused is null), $"{yaml}: {refused ?? "read"}");
            if (refused is null) return;
            int line = inDefaults ? 5 : 6;
            Assert.StartsWith($"mix.yaml:{line}: mix.", refused);
            Assert.Contains("(known: ", refused);
            Assert.DoesNotContain("\n", refused);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    // ---- Truth given twice -------------------------------------------------------------------------------------

    [Fact]
    public void A_walk_past_log_with_a_line_repeated_anywhere_is_refused_naming_both_lines()
    {
        var cases = from n in Gen.Choose(1, 30)
                    from starts in Gen.ArrayOf(Gen.Choose(0, 600), n)
                    from which in Gen.Choose(0, n - 1)
                    from at in Gen.Choose(0, n)
                    select (Starts: starts, Which: which, At: at);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var lines = c.Starts.Select((s, i) => Inv($"person-{i},van-1,{s / 10.0},{s / 10.0 + 1.5}")).ToList();
            var valid = Write("walk-past.csv", "person,camera,from,to\n" + string.Join('\n', lines) + "\n");
            Assert.Equal(c.Starts.Length, FootageTruth.Read(valid, 10).Appearances.Count);

            lines.Insert(c.At, lines[c.Which]);
            var path = Write("walk-past.csv", "person,camera,from,to\n" + string.Join('\n', lines) + "\n");
            var ex = Assert.Throws<LfrInputException>(() => FootageTruth.Read(path, 10));
            // Lines count from the header (1); the original is at Which + 2 until the copy goes in before it.
            int original = c.Which + 2 + (c.At <= c.Which ? 1 : 0), copy = c.At + 2;
            Assert.StartsWith(Inv($"{path}: line {Math.Max(original, copy)}: 'person-{c.Which}' in frames"), ex.Message);
            Assert.Contains(Inv($"repeats line {Math.Min(original, copy)} "), ex.Message);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_walk_past_log_with_one_person_in_view_twice_at_once_is_refused_and_one_after_the_other_is_read()
    {
        var cases = from from1 in Gen.Choose(0, 100) from length1 in Gen.Choose(0, 50) from from2 in Gen.Choose(0, 200) from length2 in Gen.Choose(0, 50)
                    select (From1: from1, To1: from1 + length1, From2: from2, To2: from2 + length2);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var path = Write("twice.csv", Inv($"person,camera,from,to\nsomeone,van-1,{c.From1},{c.To1}\nsomeone,van-1,{c.From2},{c.To2}\n"));
            bool together = (c.From1 < c.To2 && c.From2 < c.To1) || (c.From1 == c.From2 && c.To1 == c.To2);
            try { FootageTruth.Read(path, 1); return !together; }
            catch (LfrInputException ex) { return together && ex.Message.StartsWith($"{path}: line 3: 'someone'", StringComparison.Ordinal); }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_JSON_truth_with_an_appearance_copied_anywhere_is_refused_naming_both_lines()
    {
        var cases = from n in Gen.Choose(1, 20)
                    from firsts in Gen.ArrayOf(Gen.Choose(0, 200), n)
                    from xs in Gen.ArrayOf(Gen.Choose(0, 1000), n)
                    from which in Gen.Choose(0, n - 1)
                    from at in Gen.Choose(0, n)
                    from boxes in Gen.Elements(true, false)
                    select (Firsts: firsts, Xs: xs, Which: which, At: at, Boxes: boxes);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var objects = c.Firsts.Select((f, i) => Appearance($"lfw:P{i}", f, c.Xs[i], c.Boxes)).ToList();
            Assert.Equal(objects.Count, FootageTruth.Read(Write("truth.json", Json(objects))).Appearances.Count);

            objects.Insert(c.At, objects[c.Which]);
            var path = Write("truth.json", Json(objects));
            var ex = Assert.Throws<LfrInputException>(() => FootageTruth.Read(path));
            // One appearance a line, from line 2.
            int original = c.Which + 2 + (c.At <= c.Which ? 1 : 0), copy = c.At + 2;
            Assert.StartsWith(Inv($"{path}: line {Math.Max(original, copy)}: 'lfw:P{c.Which}' in frames"), ex.Message);
            Assert.Contains(Inv($"repeats line {Math.Min(original, copy)} "), ex.Message);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private static string Appearance(string identity, int first, int x, bool boxes)
    {
        var own = Inv($"\"identity\": \"{identity}\", \"firstFrame\": {first}, \"x\": {x}, \"y\": 10, \"width\": 40, \"height\": 40");
        return boxes
            ? "{" + own + Inv($", \"lastFrame\": {first + 2}, \"boxes\": {{\"{first}\": {Box(x)}, \"{first + 2}\": {Box(x + 4)}}}}}")
            : "{" + own + Inv($", \"lastFrame\": {first + 20}, \"driftXPerFrame\": 2}}");
    }

    private static string Box(int x) => Inv($"{{\"x\": {x}, \"y\": 10, \"width\": 40, \"height\": 40}}");

    private static string Json(IEnumerable<string> appearances) => "{\"fps\": 10, \"frames\": 300, \"appearances\": [\n  " + string.Join(",\n  ", appearances) + "\n]}\n";

    [Fact]
    public void The_same_photo_walking_twice_in_different_places_at_once_is_two_appearances()
    {
        // A synthesised crowd may reuse a photo once every unused one has walked: two walkers, not a repeat.
        var path = Write("reuse.json", Json([Appearance("fairface/1.jpg", 5, 0, true), Appearance("fairface/1.jpg", 5, 500, true),
            Appearance("fairface/1.jpg", 5, 100, false), Appearance("fairface/1.jpg", 5, 900, false)]));
        Assert.Equal(4, FootageTruth.Read(path).Appearances.Count);
    }

    [Fact]
    public void MOT_and_CVAT_truth_with_a_box_given_twice_are_refused_naming_the_line()
    {
        var cases = from n in Gen.Choose(1, 40) from which in Gen.Choose(0, n - 1) from at in Gen.Choose(0, n) select (N: n, Which: which, At: at);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var lines = Enumerable.Range(0, c.N).Select(i => Inv($"{1 + i / 3},{1 + i % 3},{100 * (i % 3)},50,80,200,1,1,1.0")).ToList();
            FootageTruth.Read(Write("gt.txt", string.Join('\n', lines) + "\n"), 25);
            lines.Insert(c.At, lines[c.Which]);
            var path = Write("gt.txt", string.Join('\n', lines) + "\n");
            int original = c.Which + 1 + (c.At <= c.Which ? 1 : 0), copy = c.At + 1;
            var ex = Assert.Throws<LfrInputException>(() => FootageTruth.Read(path, 25));
            Assert.StartsWith(Inv($"{path}: line {Math.Max(original, copy)}: track {1 + c.Which % 3} already has a box in frame {1 + c.Which / 3} (line {Math.Min(original, copy)})"), ex.Message);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));

        var cvat = Write("a.xml", """
            <annotations>
              <track id="0" label="person">
                <box frame="5" xtl="10" ytl="20" xbr="90" ybr="220"/>
                <box frame="5" xtl="10" ytl="20" xbr="90" ybr="220"/>
              </track>
            </annotations>
            """);
        Assert.StartsWith($"{cvat}: line 4: track 0 already has a box in frame 5", Assert.Throws<LfrInputException>(() => FootageTruth.Read(cvat, 10)).Message);
        var twice = Write("b.xml", """
            <annotations>
              <track id="0" label="person"><box frame="5" xtl="10" ytl="20" xbr="90" ybr="220"/></track>
              <track id="0" label="person"><box frame="6" xtl="10" ytl="20" xbr="90" ybr="220"/></track>
            </annotations>
            """);
        Assert.StartsWith($"{twice}: line 3: track 0 is given twice (line 2)", Assert.Throws<LfrInputException>(() => FootageTruth.Read(twice, 10)).Message);
        // Two tracks the identity map names as one person, in one place at once: the same appearance twice.
        var merged = Write("gt.txt", "1,1,100,50,80,200,1,1,1\n2,1,104,50,80,200,1,1,1\n1,2,102,50,80,200,1,1,1\n");
        var mapped = Assert.Throws<LfrInputException>(() => FootageTruth.Read(merged, 25, new Dictionary<string, string> { ["1"] = "lfw:X", ["2"] = "lfw:X" }));
        Assert.StartsWith($"{merged}: line 3: 'lfw:X' in frames 0-0 repeats line 1", mapped.Message);
    }

    // ---- Escape sequences in labels ----------------------------------------------------------------------------

    private static readonly string[] Hostile = ["\u001b[2J", "\u001b]0;pwned\u0007", "\u009b31m", "a\u001b[31mred\u001b[0m", "\u001bc", "line\nbreak", "\r", "\u202eevil", "\u0000"];

    [Fact]
    public void Escape_sequences_in_any_label_never_reach_the_report_raw()
    {
        var labelled = from field in Gen.Elements("sex", "ethnicity", "age_band", "person")
                       from hostile in Gen.Elements(Hostile)
                       from plain in Gen.Elements("female", "male", "Black", "20-29")
                       select (Field: field, Hostile: hostile, Plain: plain);
        Prop.ForAll(labelled.ToArbitrary(), c =>
        {
            var searches = Enumerable.Range(0, 60).Select(i =>
            {
                var groups = new Dictionary<string, string> { ["sex"] = i % 2 == 0 ? "female" : "male", ["ethnicity"] = "Black", ["age_band"] = "20-29" };
                if (c.Field != "person" && i % 3 == 0) groups[c.Field] = c.Plain + c.Hostile;
                var person = c.Field == "person" ? $"{c.Hostile}{i % 20}" : $"p{i % 20}";
                return new SearchOutcome(person, i % 4 != 0, i % 5 != 0, (i % 10) / 10f, groups);
            }).ToList();
            var run = new EvaluationRun(searches, 10, 5, 0, 0, 0, [$"images/{c.Hostile}.jpg: not a readable image"], "hash", 60);
            var report = EvaluationReport.Build(run, new EvaluationSettings(), new Dictionary<string, string> { ["labels"] = $"/data/{c.Hostile}/labels.csv" });
            var outputs = new[]
            {
                EvaluationHtml.Render(report, 0.5, []),
                report.ToCsv(),
                JsonSerializer.Serialize(report, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            };
            foreach (var text in outputs)
            {
                Assert.DoesNotContain('\u001b', text);
                Assert.DoesNotContain('\u009b', text);
                Assert.DoesNotContain('\u0000', text);
            }
            // A line break in a group would split the CSV's row: every row has the header's columns.
            var csv = outputs[1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(csv, row => Assert.True(row.Count(ch => ch == ',') >= 11, row));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void Escape_sequences_in_truth_identities_and_scenario_names_are_escaped_or_refused_in_every_message()
    {
        Prop.ForAll(Gen.Elements(Hostile).ToArbitrary(), Gen.Elements("walk", "json", "scenario-name", "mix-label", "mix-value", "location").ToArbitrary(), (hostile, where) =>
        {
            string message;
            var name = $"x{hostile}y";
            var quoted = JsonSerializer.Serialize(name); // a YAML double-quoted string takes JSON's escapes
            switch (where)
            {
                case "walk":
                    var log = Write("esc.csv", $"person,camera,from,to\n{name.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)},v,1,2\n{name.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)},v,1,2\n");
                    message = Assert.Throws<LfrInputException>(() => FootageTruth.Read(log, 10)).Message;
                    break;
                case "json":
                    var truth = Write("esc.json", Json([Appearance("x", 1, 1, false).Replace("\"x\"", quoted, StringComparison.Ordinal), Appearance("x", 1, 1, false).Replace("\"x\"", quoted, StringComparison.Ordinal)]));
                    message = Assert.Throws<LfrInputException>(() => FootageTruth.Read(truth)).Message;
                    break;
                case "scenario-name":
                    message = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Scenario().Replace("Alpha Street", quoted, StringComparison.Ordinal), "esc.yaml")).Message;
                    break;
                case "mix-label":
                    message = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Scenario(deployments: $"  - {{date: 2027-01-10, location: a, mix: {{{quoted}: {{Black: 1}}}}}}\n"), "esc.yaml")).Message;
                    break;
                case "mix-value":
                    message = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Scenario(deployments: $"  - {{date: 2027-01-10, location: a, mix: {{ethnicity: {{{quoted}: 1}}}}}}\n"), "esc.yaml")).Message;
                    break;
                default:
                    message = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Scenario(deployments: $"  - {{date: 2027-01-10, location: {quoted}}}\n"), "esc.yaml")).Message;
                    break;
            }
            return !message.Any(ch => ch is '\u001b' or '\u009b' or '\u0000' or '\n' or '\r' or '\u202e');
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
