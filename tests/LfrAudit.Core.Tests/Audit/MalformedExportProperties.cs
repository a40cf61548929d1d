using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>
/// Whatever an export's lines hold — a value of the wrong type, a number canonical JSON has no form for, a member
/// missing or added, deep nesting, a cut line, control characters, text that is not UTF-8, lines repeated, moved
/// or dropped — verification ends in a verdict naming the line or entry, never an exception.
/// </summary>
public partial class MalformedExportProperties : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<string> _entries = [];
    private readonly List<string> _heads = [];

    /// <summary>Six entries (one dated by a simulation clock) and heads signed at sizes 2, 4 and 6, as an export writes them.</summary>
    public MalformedExportProperties()
    {
        var tree = new MerkleTree();
        string prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < 6; i++)
        {
            var data = new JsonObject
            {
                ["run"] = "run-1",
                ["seen"] = i * 7,
                ["score"] = "0.6731",
                ["cameras"] = new JsonArray("van-1", "van-2"),
                ["override"] = i == 2 ? new JsonObject { ["by"] = "Ch Supt A. Example", ["reason"] = "threat to life" } : null,
                ["on_time"] = i % 2 == 0,
            };
            var entry = new AuditEntry(i, T0.AddSeconds(i), i % 3 == 0 ? "alert.raised" : "faces.counted", data, prev, i == 3 ? AuditEntry.SimulationClock : null);
            var canonical = entry.Canonical();
            _entries.Add(Encoding.UTF8.GetString(canonical));
            tree.Append(canonical);
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
            if (i % 2 == 1) _heads.Add(CanonicalJson.EncodeToString(TreeHead.Sign(i + 1, tree.Root(), T0.AddSeconds(i + 0.5), _key).ToJson()));
        }
    }

    public void Dispose() => _key.Dispose();

    private VerificationResult Verify(List<string> entries, List<string> heads) => LogVerifier.Verify(entries, heads, _key);

    // A problem that says where: a line, an entry or a tree head by its number.
    [GeneratedRegex(@"\b(line|entry|entries|tree heads?) \d+")]
    private static partial Regex Located();

    private static readonly string Deep = new string('[', 100_000) + new string(']', 100_000);
    private static readonly Lazy<string> Huge = new(() => "{\"seq\":\"" + new string('x', AuditJson.MaxLineBytes) + "\"}");

    /// <summary>JSON values to put where a member's value was: every type, and numbers canonical JSON cannot write.</summary>
    private static readonly string[] Values =
    [
        "[]", "[1,\"a\"]", "{}", "{\"a\":{\"b\":[]}}", "\"text\"", "\"\"", "\"0\"", "5.5", "-0.0", "1e400", "1E2", "99999999999999999999",
        "1000000000000000000", "-1", "0", "null", "true", "false", "\"\\ud800\"", "\"\\udc00x\"", "\"2026-12-10T10:00:00Z\"", "\"simulation\"",
        "\"not a time\"", "\"" + new string('f', 64) + "\"", "\"AA==\"", Deep, new string('{', 1) + string.Concat(Enumerable.Repeat("\"a\":{", 40)) + "}" + new string('}', 40),
    ];

    /// <summary>Member names to add: unknown ones, ones already there (so named twice), the optional clock.</summary>
    private static readonly string[] Names = ["extra", "clock", "seq", "data", "tree_size", "signature", "", "SEQ", "\\u0000", "\\ud800"];

    /// <summary>Characters to put into a line: controls, whitespace, text that is not UTF-8 (an unpaired surrogate, as a reader keeps a bad byte), JSON punctuation.</summary>
    private static readonly string[] Injected =
        ["\u0000", "\u0001", "\t", "\r", "\n", " ", "\u001b", "\u007f", "\u2028", "\uFEFF", "\ud800", "\udcff", "\"", "\\", "{", "}", ",", ":", "é", "a"];

    /// <summary>Whole lines that are no entry or head at all.</summary>
    private static readonly string[] Junk = ["", " ", "{", "}", "[]", "{}", "null", "\"text\"", "0", "\u0000\u0001", "{\"seq\":1e400}", Deep];

    public enum Edit { ReplaceValue, DeleteMember, AddMember, Truncate, Inject, ReplaceLine, LineOfTheOtherFile, HugeLine, Duplicate, Drop, Swap, Flip }

    /// <summary>One change to one line (or to the order of lines) of the entries file or the heads file.</summary>
    public sealed record Mutation(bool Heads, Edit Edit, int Line, int At, int Pick)
    {
        public override string ToString() => $"{Edit} on {(Heads ? "head" : "entry")} line {Line} (at {At}, pick {Pick})";

        public void Apply(List<string> lines, List<string> other)
        {
            if (lines.Count == 0) return;
            int i = Line % lines.Count;
            string line = lines[i];
            switch (Edit)
            {
                case Edit.ReplaceValue: lines[i] = WithMembers(line, m => { if (m.Count > 0) m[At % m.Count] = (m[At % m.Count].Name, Values[Pick % Values.Length]); }); break;
                case Edit.DeleteMember: lines[i] = WithMembers(line, m => { if (m.Count > 0) m.RemoveAt(At % m.Count); }); break;
                case Edit.AddMember: lines[i] = WithMembers(line, m => m.Insert(At % (m.Count + 1), (Names[Pick % Names.Length], Values[At % Values.Length]))); break;
                case Edit.Truncate: if (line.Length > 0) lines[i] = line[..(At % line.Length)]; break;
                case Edit.Inject: lines[i] = line.Insert(At % (line.Length + 1), Injected[Pick % Injected.Length]); break;
                case Edit.ReplaceLine: lines[i] = Junk[Pick % Junk.Length]; break;
                case Edit.LineOfTheOtherFile: if (other.Count > 0) lines[i] = other[Pick % other.Count]; break;
                case Edit.HugeLine: lines[i] = Huge.Value; break;
                case Edit.Duplicate: lines.Insert(At % (lines.Count + 1), line); break;
                case Edit.Drop: lines.RemoveAt(i); break;
                case Edit.Swap: (lines[i], lines[At % lines.Count]) = (lines[At % lines.Count], lines[i]); break;
                case Edit.Flip:
                    if (line.Length == 0) break;
                    var chars = line.ToCharArray();
                    int c = At % chars.Length;
                    chars[c] = chars[c] == 'a' ? 'b' : 'a';
                    lines[i] = new string(chars);
                    break;
            }
        }

        // Rewrites a line member by member, as raw JSON text, so a value can be anything at all; a line that is no longer an object is left as it is.
        private static string WithMembers(string line, Action<List<(string Name, string Value)>> change)
        {
            List<(string Name, string Value)> members;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return line;
                members = doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException) { return line; }
            change(members);
            return "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Value}")) + "}";
        }
    }

    private static readonly Gen<Mutation> Mutations =
        from heads in Gen.Elements(false, true)
        from edit in Gen.Elements(Enum.GetValues<Edit>())
        from line in Gen.Choose(0, 100)
        from at in Gen.Choose(0, 10_000)
        from pick in Gen.Choose(0, 1000)
        select new Mutation(heads, edit, line, at, pick);

    [Fact]
    public void The_unmutated_log_verifies()
    {
        var r = Verify(_entries, _heads);
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        Assert.Equal(6, r.Entries);
        Assert.Equal(3, r.Heads);
    }

    [Fact]
    public void Any_malformed_line_is_a_located_failure_never_an_exception()
    {
        var changes = from first in Mutations
                      from second in Mutations
                      from both in Gen.Elements(false, true)
                      select both ? new[] { first, second } : [first];
        Prop.ForAll(changes.ToArbitrary(), mutations =>
        {
            var entries = _entries.ToList();
            var heads = _heads.ToList();
            foreach (var m in mutations) m.Apply(m.Heads ? heads : entries, m.Heads ? entries : heads);
            var r = Verify(entries, heads); // an exception here fails the property
            // The same entries under genuine heads only (one dropped or repeated, or a head line laid out differently)
            // vouch for nothing false and may verify; the untouched export must.
            bool sameEntries = entries.SequenceEqual(_entries);
            if (sameEntries && heads.SequenceEqual(_heads)) return r.Ok;
            var genuine = _heads.Select(h => TreeHead.TryParse(h, out _)).ToList();
            if (sameEntries && heads.All(h => TreeHead.TryParse(h, out _) is { } head && genuine.Contains(head))) return true;
            return !r.Ok && r.Problems.Any(p => Located().IsMatch(p));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    public static TheoryData<string, string, string> MalformedEntries() => new()
    {
        // name, what replaces entry 2's line (from its canonical text), what the problem must say
        { "data an array", "\"data\":{*},\"prev\"→\"data\":[1,2],\"prev\"", "'data' is an array, not an object" },
        { "data a string", "\"data\":{*},\"prev\"→\"data\":\"x\",\"prev\"", "'data' is a string, not an object" },
        { "a fraction", "\"seen\":14→\"seen\":5.5", "the number 5.5" },
        { "a number past any range", "\"seen\":14→\"seen\":1e400", "the number 1e400" },
        { "a number past the canonical range", "\"seen\":14→\"seen\":1000000000000000000", "not an integer canonical JSON can hold" },
        { "seq a string", "\"seq\":2→\"seq\":\"0\"", "'seq' is a string, not an integer" },
        { "seq negative", "\"seq\":2→\"seq\":-2", "a negative sequence number" },
        { "prev missing", ",\"prev\":\"*\"→", "no 'prev'" },
        { "prev not hex", "\"prev\":\"*\"→\"prev\":\"xyz\"", "'prev'" },
        { "type a number", "\"type\":\"*\"→\"type\":1", "'type' is a number, not a string" },
        { "at not a time", "\"at\":\"*\"→\"at\":\"yesterday\"", "its time 'yesterday' is not a UTC time" },
        { "at another time layout", "\"at\":\"*\"→\"at\":\"2026-12-10T10:00:02Z\"", "is not a UTC time" },
        { "an unknown member", "{→{\"agent\":\"x\",", "an unknown member 'agent'" },
        { "a member twice", "{→{\"seq\":2,", "member 'seq' appears twice" },
        { "deep nesting", "\"run\":\"run-1\"→\"run\":" + Deep, "nested more than 32 deep" },
        { "an unpaired surrogate escape", "\"run\":\"run-1\"→\"run\":\"\\ud800\"", "unpaired surrogate" },
        { "text that is not UTF-8", "run-1→run\udcff1", "not valid UTF-8" },
        { "a NUL", "run-1→run\u00001", "not JSON" },
        { "a control character", "run-1→run\u001b1", "not JSON" },
        { "an empty line", "*→", "an empty line" },
        { "a cut line", "\"type\":\"*\"}→\"type\":\"fa", "not JSON" },
        { "spaces between members", ",\"seq\"→, \"seq\"", "not written in canonical JSON" },
        { "members out of order", "\"seq\":2,\"type\":\"faces.counted\"}→\"type\":\"faces.counted\",\"seq\":2}", "not written in canonical JSON" },
        { "a clock that is not a simulation's", "\"at\":\"*\",→\"at\":\"2026-12-10T10:00:02.0000000Z\",\"clock\":\"real\",", "'clock' is 'real', where only 'simulation' may be" },
        { "a clock that is null", "\"at\":\"*\",→\"at\":\"2026-12-10T10:00:02.0000000Z\",\"clock\":null,", "'clock' is null" },
        { "a clock that is a number", "\"at\":\"*\",→\"at\":\"2026-12-10T10:00:02.0000000Z\",\"clock\":1,", "'clock' is a number" },
    };

    /// <summary>Applies "pattern→replacement" to the first match in a line; '*' in the pattern is the shortest run that fits ("*" alone, the whole line).</summary>
    private static string Rewrite(string line, string edit)
    {
        var (pattern, replacement) = (edit[..edit.IndexOf('→')], edit[(edit.IndexOf('→') + 1)..]);
        var regex = pattern == "*" ? "^.*$" : Regex.Escape(pattern).Replace("\\*", ".*?");
        var rewritten = new Regex(regex, RegexOptions.Singleline).Replace(line, replacement.Replace("$", "$$"), 1);
        Assert.NotEqual(line, rewritten);
        return rewritten;
    }

    [Theory]
    [MemberData(nameof(MalformedEntries), DisableDiscoveryEnumeration = true)]
    public void Each_kind_of_malformed_entry_is_named_by_its_line_and_what_is_wrong(string kind, string edit, string expected)
    {
        var entries = _entries.ToList();
        entries[2] = Rewrite(entries[2], edit);
        var r = Verify(entries, _heads);
        Assert.False(r.Ok, kind);
        Assert.Equal(2, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.StartsWith("entry at line 3 ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_longer_than_the_bound_is_named_without_being_parsed()
    {
        var entries = _entries.ToList();
        entries[4] = Huge.Value;
        var r = Verify(entries, _heads);
        Assert.Equal(4, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.StartsWith("entry at line 5 ", StringComparison.Ordinal) && p.Contains("longer than 32 MiB", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> MalformedHeads() => new()
    {
        { "a negative size", "\"tree_size\":4→\"tree_size\":-5", "a negative tree size (-5)" },
        { "a size past the canonical range", "\"tree_size\":4→\"tree_size\":2000000000000000000", "not an integer canonical JSON can hold" },
        { "a size past any range", "\"tree_size\":4→\"tree_size\":99999999999999999999", "the number 99999999999999999999" },
        { "a size that is a string", "\"tree_size\":4→\"tree_size\":\"4\"", "'tree_size' is a string, not an integer" },
        { "a size that is a fraction", "\"tree_size\":4→\"tree_size\":4.0", "the number 4.0" },
        { "a root that is not hex", "\"root_hash\":\"*\"→\"root_hash\":\"zz\"", "root hash is not 64 lower-case hex digits" },
        { "a root in capitals", "\"root_hash\":\"*\"→\"root_hash\":\"" + new string('A', 64) + "\"", "root hash is not 64 lower-case hex digits" },
        { "a root that is an object", "\"root_hash\":\"*\"→\"root_hash\":{}", "'root_hash' is an object, not a string" },
        { "a time that is not one", "\"timestamp\":\"*\"→\"timestamp\":\"9999-99-99\"", "its time '9999-99-99' is not a UTC time" },
        { "a key id that is not one", "\"key_id\":\"*\"→\"key_id\":\"k\"", "key id is not 16 lower-case hex digits" },
        { "a signature that is not base64", "\"signature\":\"*\"→\"signature\":\"!!\"", "signature is not base64" },
        { "a signature that is huge", "\"signature\":\"*\"→\"signature\":\"" + new string('A', 4000) + "\"", "signature is not base64" },
        { "a missing signature", ",\"signature\":\"*\"→", "no 'signature'" },
        { "an unknown member", "{→{\"cosigned\":true,", "an unknown member 'cosigned'" },
        { "a member twice", "{→{\"tree_size\":4,", "member 'tree_size' appears twice" },
        { "deep nesting", "\"key_id\":\"*\"→\"key_id\":" + Deep, "nested more than 32 deep" },
        { "an empty line", "*→", "an empty line" },
        { "an array", "*→[]", "an array, not a JSON object" },
        { "text that is not UTF-8", "\"key_id\":\"→\"key_id\":\"\ud800", "not valid UTF-8" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeads), DisableDiscoveryEnumeration = true)]
    public void Each_kind_of_malformed_head_is_named_by_its_line_and_what_is_wrong(string kind, string edit, string expected)
    {
        var heads = _heads.ToList();
        heads[1] = Rewrite(heads[1], edit);
        var r = Verify(_entries, heads);
        Assert.False(r.Ok, kind);
        Assert.Contains(r.Problems, p => p.StartsWith("tree head at line 2: ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Heads_from_a_store_with_impossible_fields_are_named_not_thrown()
    {
        var good = _heads.Select(h => TreeHead.TryParse(h, out _)!).ToList();
        foreach (var bad in new[]
        {
            good[2] with { TreeSize = -1 }, good[2] with { TreeSize = long.MaxValue }, good[2] with { TreeSize = long.MinValue },
            good[2] with { RootHash = "xyz" }, good[2] with { RootHash = null! }, good[2] with { Signature = "%%%" }, good[2] with { KeyId = "" },
        })
        {
            var r = LogVerifier.Verify(_entries, [good[0], good[1], bad], _key);
            Assert.False(r.Ok);
            Assert.Contains(r.Problems, p => p.StartsWith("tree head at line 3: ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_entry_without_a_clock_hashes_exactly_as_before()
    {
        // Computed by the code before "clock" existed (and by sha256sum over 0x00 and these bytes).
        const string canonical = "{\"at\":\"2026-12-10T10:00:01.5000000Z\",\"data\":{\"camera\":\"van-1\",\"flags\":[true,false,null],\"note\":\"é\\n\\u0001\",\"run\":\"run-1\",\"seen\":21},\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"seq\":7,\"type\":\"faces.counted\"}";
        var entry = new AuditEntry(7, T0.AddSeconds(1.5), "faces.counted",
            new JsonObject { ["run"] = "run-1", ["seen"] = 21, ["camera"] = "van-1", ["note"] = "é\n\u0001", ["flags"] = new JsonArray(true, false, null) }, AuditEntry.GenesisPrev);
        Assert.Null(entry.Clock);
        Assert.Equal(canonical, Encoding.UTF8.GetString(entry.Canonical()));
        Assert.Equal("5545ae26b2d92a0c47aa32cbea4601024ed27c38733b1f18dd5f20a9bd58a6ee", Convert.ToHexStringLower(entry.LeafHash()));
        Assert.False(entry.ToJson().ContainsKey("clock"));
        Assert.True(AuditEntry.TryParse(canonical, out var read, out var problem), problem);
        Assert.Null(read.Clock);
        Assert.Equal(canonical, Encoding.UTF8.GetString(read.Canonical()));
    }

    [Fact]
    public void A_simulation_clock_is_part_of_the_entry_and_its_hash()
    {
        var real = new AuditEntry(0, T0, "user.added", new JsonObject { ["name"] = "a" }, AuditEntry.GenesisPrev);
        var simulated = real with { Clock = AuditEntry.SimulationClock };
        var line = Encoding.UTF8.GetString(simulated.Canonical());
        Assert.Equal("{\"at\":\"2026-12-10T10:00:00.0000000Z\",\"clock\":\"simulation\",\"data\":{\"name\":\"a\"},\"prev\":\"" + AuditEntry.GenesisPrev + "\",\"seq\":0,\"type\":\"user.added\"}", line);
        Assert.NotEqual(real.LeafHash(), simulated.LeafHash());
        Assert.True(AuditEntry.TryParse(line, out var read, out var problem), problem);
        Assert.Equal(AuditEntry.SimulationClock, read.Clock);
        Assert.Equal(AuditEntry.SimulationClock, AuditEntry.FromJson(JsonNode.Parse(line)!.AsObject()).Clock);
        Assert.Contains("\"clock\":\"simulation\"", _entries[3], StringComparison.Ordinal); // and the log made with one verifies (above)
    }

    [Theory]
    [InlineData("\"real\"", "'clock' is 'real'")]
    [InlineData("\"\"", "'clock' is ''")]
    [InlineData("\"Simulation\"", "'clock' is 'Simulation'")]
    [InlineData("1", "'clock' is a number")]
    [InlineData("true", "'clock' is true")]
    [InlineData("null", "'clock' is null")]
    [InlineData("{}", "'clock' is an object")]
    [InlineData("[\"simulation\"]", "'clock' is an array")]
    public void Any_clock_but_a_simulations_is_a_malformed_entry(string value, string expected)
    {
        var entries = _entries.ToList();
        entries[3] = entries[3].Replace("\"clock\":\"simulation\"", $"\"clock\":{value}", StringComparison.Ordinal);
        var r = Verify(entries, _heads);
        Assert.Equal(3, r.FirstBadEntry);
        Assert.Contains(r.Problems, p => p.StartsWith("entry at line 4 ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
        Assert.Throws<FormatException>(() => AuditEntry.FromJson(JsonNode.Parse(entries[3])!.AsObject()));
    }

    [Fact]
    public void Problems_kept_are_bounded_however_many_lines_are_damaged()
    {
        var junk = Enumerable.Repeat("{", 10_000).ToList();
        var r = Verify(junk, Enumerable.Repeat("[]", 10_000).ToList());
        Assert.Equal(0, r.FirstBadEntry);
        Assert.Equal(LogVerifier.MaxProblems + 1, r.Problems.Count);
        Assert.StartsWith("and ", r.Problems[^1], StringComparison.Ordinal);
        Assert.EndsWith("more problems not listed", r.Problems[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_file_is_read_line_by_line_as_it_is_and_within_bounds()
    {
        // A byte-order mark and CRLF line ends are layout; the log verifies read from such a file.
        var file = Encoding.UTF8.GetBytes("\uFEFF" + string.Join("\r\n", _entries) + "\r\n");
        var lines = ExportLines.Read(new MemoryStream(file));
        Assert.Equal(_entries, lines);

        // A byte that is not UTF-8 stays visible (as an unpaired surrogate) for the verifier to name; an empty line stays a line.
        var bad = Encoding.UTF8.GetBytes(_entries[0] + "\n\n").Concat(Encoding.UTF8.GetBytes(_entries[2])).ToArray();
        int at = Array.IndexOf(bad, (byte)'1', _entries[0].Length + 2);
        bad[at] = 0xFF;
        lines = ExportLines.Read(new MemoryStream(bad));
        Assert.Equal(3, lines.Count);
        Assert.Equal("", lines[1]);
        Assert.Contains('\uDCFF', lines[2]);
        var r = Verify(lines, _heads);
        Assert.Contains(r.Problems, p => p.StartsWith("entry at line 2 ", StringComparison.Ordinal) && p.Contains("an empty line", StringComparison.Ordinal));
        Assert.Contains(r.Problems, p => p.StartsWith("entry at line 3 ", StringComparison.Ordinal) && p.Contains("not valid UTF-8", StringComparison.Ordinal));

        // A line far past the bound is kept only just past it, and still reported as too long.
        var huge = new MemoryStream();
        huge.Write(Encoding.UTF8.GetBytes(_entries[0] + "\n"));
        var far = new byte[AuditJson.MaxLineBytes + 1_000_000];
        Array.Fill(far, (byte)'x');
        huge.Write(far);
        huge.Write("\n"u8);
        huge.Write(Encoding.UTF8.GetBytes(_entries[1]));
        huge.Position = 0;
        lines = ExportLines.Read(huge);
        Assert.Equal(3, lines.Count);
        Assert.InRange(lines[1].Length, AuditJson.MaxLineBytes + 1, AuditJson.MaxLineBytes + 4);
        Assert.Contains(Verify(lines, _heads).Problems, p => p.StartsWith("entry at line 2 ", StringComparison.Ordinal) && p.Contains("longer than", StringComparison.Ordinal));
    }
}
