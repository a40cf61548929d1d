using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Watchlists;

namespace LfrAudit.Core.Tests;

/// <summary>
/// YAML that nests without end, holds a value inside itself or is simply enormous: a watchlist manifest of any such
/// shape is one line naming the file and the line, in well under a second — never a stack overflow (which no catch
/// can stop, and which hung the process writing its own crash report) and never minutes of parsing.
/// </summary>
public sealed class ManifestDepthTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    /// <summary>Nesting <paramref name="Depth"/> levels deep in one of the ways YAML allows, and how deep it really is.</summary>
    private sealed record Nesting(string Shape, int Depth, string Text)
    {
        public override string ToString() => $"{Shape} x{Depth}"; // the text itself is too long for a failure message
    }

    private static Nesting Nest(string shape, int depth, int[] choices) => shape switch
    {
        "flow list, never closed" => new(shape, depth, new string('[', depth)),
        "flow lists, closed" => new(shape, depth, new string('[', depth) + "x" + new string(']', depth)),
        "flow mappings, closed" => new(shape, depth, Repeat("{k: ", depth) + "x" + new string('}', depth)),
        "flow mappings, never closed" => new(shape, depth, Repeat("{k: ", depth)),
        "block lists on one line" => new(shape, depth, Repeat("- ", depth) + "x"),
        "block mappings, indented" => new(shape, depth, string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', 2 * i) + "k:\n")) + new string(' ', 2 * depth) + "x\n"),
        _ => Mixed(depth, choices),
    };

    // Lists and mappings in a generated order, closed in reverse.
    private static Nesting Mixed(int depth, int[] choices)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            bool list = choices[i % choices.Length] % 2 == 0;
            open.Append(list ? "[" : "{k: ");
            close.Insert(0, list ? "]" : "}");
        }
        return new("flow lists and mappings mixed", depth, open + "x" + close);
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    // Where the nesting sits in a manifest: as the whole file, as the entries, inside an entry's images.
    private static (string Text, int Extra) Place(Nesting n, int where) => where switch
    {
        0 => (n.Text, 0),
        1 => n.Shape.StartsWith("block", StringComparison.Ordinal)
            ? ("name: x\nentries:\n" + Indent(n.Text, "  "), 1)
            : ("name: x\nentries: " + n.Text, 1),
        _ => n.Shape.StartsWith("block", StringComparison.Ordinal)
            ? ("name: x\nentries:\n  - id: A\n    images:\n" + Indent(n.Text, "      "), 3)
            : ("name: x\nentries:\n  - id: A\n    images: " + n.Text, 3),
    };

    private static string Indent(string text, string by) => string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : by + l));

    [Fact]
    public void Nesting_of_any_depth_up_to_100000_is_one_line_naming_the_file_and_line_within_seconds()
    {
        var shapes = Gen.Elements("flow list, never closed", "flow lists, closed", "flow mappings, closed", "flow mappings, never closed",
            "block lists on one line", "block mappings, indented", "mixed");
        var cases = from shape in shapes
                    // Indented block mappings grow with the square of their depth: deep enough to overflow a stack, not to fill memory.
                    from depth in shape == "block mappings, indented" ? Gen.Choose(0, 3_000) : Gen.OneOf(Gen.Choose(0, 80), Gen.Choose(60, 100_000))
                    from choices in Gen.ArrayOf(Gen.Choose(0, 1), 16)
                    from position in Gen.Choose(0, 2)
                    select (Nesting: Nest(shape, depth, choices), Where: position);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (text, extra) = Place(c.Nesting, c.Where);
            int depth = c.Nesting.Depth + extra;
            var clock = Stopwatch.StartNew();
            string? refused = null;
            try { WatchlistManifestReader.Parse(text, "deep.yaml"); }
            catch (LfrInputException ex) { refused = ex.Message; }
            Assert.True(clock.Elapsed < Quick, $"{c.Nesting} took {clock.Elapsed}");
            if (depth > YamlLimits.SaneDepth)
            {
                Assert.NotNull(refused);
                Assert.Matches(@"^deep\.yaml:\d+: mappings and lists nest more than 64 deep", refused);
            }
            else if (refused is not null)
                Assert.DoesNotContain("nest more than", refused);
            Assert.True(refused is null || (!refused.Contains('\n') && refused.StartsWith("deep.yaml", StringComparison.Ordinal)), refused);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_manifest_at_the_depth_limit_still_reads()
    {
        // entries (2) > entry (3) > images (4): real manifests are four levels deep; 64 is the most any may be.
        var deepest = "name: x\nentries:\n  - id: A\n    images: " + new string('[', 61) + "a.jpg" + new string(']', 61) + "\n";
        Assert.Single(WatchlistManifestReader.Parse(deepest, "w.yaml").Entries);
        var ex = Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Parse(deepest.Replace("[a", "[[a").Replace("]\n", "]]\n"), "w.yaml"));
        Assert.StartsWith("w.yaml:4: mappings and lists nest more than 64 deep", ex.Message);
    }

    [Theory]
    [InlineData("&a [*a]\n")]
    [InlineData("name: x\nentries: &e\n  - *e\n")]
    [InlineData("name: x\nentries:\n  - &m {id: A, images: [*m]}\n")]
    public void A_value_that_contains_itself_is_refused_before_the_document_model_recurses_into_it(string text)
    {
        var ex = Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Parse(text, "self.yaml"));
        Assert.Matches(@"^self\.yaml:\d+: the alias \*\w+ is inside the value its anchor names", ex.Message);
    }

    [Fact]
    public void Aliases_to_finished_values_still_read()
    {
        var m = WatchlistManifestReader.Parse("name: x\nentries:\n  - &one {id: A, images: [a.jpg]}\n  - *one\n", "w.yaml");
        Assert.Equal(2, m.Entries.Count);
    }

    /// <summary>
    /// Any small YAML tree against generated limits: refused exactly when its depth, node count or alias count is over
    /// a limit, with that limit named; read otherwise. (The manifest's own limits are far larger; the rule is the same.)
    /// </summary>
    [Fact]
    public void Limits_on_depth_nodes_and_aliases_refuse_exactly_what_exceeds_them()
    {
        var trees = from depth in Gen.Choose(1, 8)
                    from width in Gen.Choose(1, 5)
                    from aliases in Gen.Choose(0, 4)
                    select (Depth: depth, Width: width, Aliases: aliases);
        var cases = from t in trees
                    from maxDepth in Gen.Choose(1, 10)
                    from maxNodes in Gen.Choose(1, 60)
                    from maxAliases in Gen.Choose(0, 5)
                    select (Tree: t, Limits: new YamlLimits("test file", maxDepth, 1 << 20, maxNodes, maxAliases));

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (text, nodes) = Tree(c.Tree.Depth, c.Tree.Width, c.Tree.Aliases);
            string? refused = null;
            try { BoundedYaml.Load(text, "t.yaml", c.Limits); }
            catch (LfrInputException ex) { refused = ex.Message; }
            // The document's depth: the anchored list and the tree's lists, each inside the root mapping.
            int depth = Math.Max(2, 1 + c.Tree.Depth);
            bool over = depth > c.Limits.MaxDepth || nodes > c.Limits.MaxNodes || c.Tree.Aliases > c.Limits.MaxAliases;
            Assert.True(over == (refused is not null), $"{c}: depth {depth}, nodes {nodes}: {refused ?? "read"}\n{text}");
            if (refused is not null) Assert.Matches(@"^t\.yaml:\d+: ", refused);
        }).QuickCheckThrowOnFailure();
    }

    // {anchor: &a [x], tree: [[…]], refs: [*a, *a]} — and how many nodes (scalars, lists, mappings, aliases) it holds.
    private static (string Text, int Nodes) Tree(int depth, int width, int aliases)
    {
        int nodes = 1; // the root mapping
        var b = new StringBuilder("{anchor: &a [x], tree: ");
        nodes += 2 + 2; // key and list, its scalar; the key "tree"
        string Level(int d)
        {
            nodes++;
            if (d == 1) { nodes += width; return "[" + string.Join(", ", Enumerable.Repeat("v", width)) + "]"; }
            return "[" + Level(d - 1) + "]";
        }
        b.Append(Level(depth));
        if (aliases > 0)
        {
            nodes += 2 + aliases; // the key "refs", its list, the aliases
            b.Append(", refs: [").Append(string.Join(", ", Enumerable.Repeat("*a", aliases))).Append(']');
        }
        return (b.Append('}').ToString(), nodes);
    }

    [Fact]
    public void A_manifest_over_the_size_limit_is_refused_before_it_is_read()
    {
        var dir = Directory.CreateTempSubdirectory("lfr-manifest-").FullName;
        try
        {
            var huge = Path.Combine(dir, "huge.yaml");
            using (var f = File.Create(huge)) f.SetLength(WatchlistManifestReader.Limits.MaxBytes + 1); // sparse: nothing is written
            var clock = Stopwatch.StartNew();
            var ex = Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Read(huge));
            Assert.True(clock.Elapsed < Quick);
            Assert.Contains("huge.yaml: the watchlist manifest is 67,108,865 bytes, over the 67,108,864-byte limit", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_flat_manifest_with_more_values_than_the_limit_is_refused_quickly()
    {
        var text = "name: x\nentries: [" + Repeat("a,", WatchlistManifestReader.Limits.MaxNodes) + "a]\n";
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Parse(text, "flat.yaml"));
        // A guard against hanging, not a speed claim: 2,000,000 values take seconds alone, far longer on a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"{clock.Elapsed}");
        Assert.StartsWith("flat.yaml:2: more than 2,000,000 values in a watchlist manifest", ex.Message);
    }
}
