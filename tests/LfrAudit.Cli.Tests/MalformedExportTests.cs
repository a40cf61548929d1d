using LfrAudit.Testing;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>A real export, made once: the operator's key and a watchlist enrolled twice into a store, exported.</summary>
public sealed class GenuineExport : IDisposable
{
    private readonly TempDir _dir = new();
    public string Dir => _dir["export"];
    /// <summary>The operator's public key as the IAG holds it, apart from the export.</summary>
    public string TrustedKey => _dir["iag-trusted-operator.pem"];

    public GenuineExport()
    {
        var db = _dir["store.db"];
        var manifest = Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml");
        Ok("audit", "keygen", "--out", _dir.Path);
        // Enrolled twice: two entries, each with its head (nothing here depends on dates or deployments).
        for (int i = 0; i < 2; i++)
            Ok(Lfr.WithModels("watchlist", "enroll", "--manifest", manifest, "--images-root", SharedData.DatasetsDir, "--db", db));
        Ok("audit", "export", "--out", Dir, "--db", db);
        File.Copy(_dir[AuditKeys.PublicFile], TrustedKey);
    }

    private static void Ok(params string[] args)
    {
        var r = Lfr.Run(args).GetAwaiter().GetResult();
        if (r.Exit != 0) throw new InvalidOperationException(r.ToString());
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// What the IAG is handed may be damaged in any way: every malformed line, and a damaged copy of the public key in
/// the export, is a verification failure (exit 5) that names the line or file and what is wrong, in one error line —
/// never a crash, a stack trace, a hang, or exit 3.
/// </summary>
public partial class MalformedExportTests(GenuineExport genuine) : IClassFixture<GenuineExport>, IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"\b(line|entry|entries|tree heads?) \d+")]
    private static partial Regex Located();

    private static readonly string Deep = new('[', 100_000);

    /// <summary>A fresh copy of the genuine export.</summary>
    private string Copy()
    {
        var dir = Directory.CreateDirectory(_dir[$"export-{Guid.NewGuid():N}"]).FullName;
        foreach (var f in Directory.GetFiles(genuine.Dir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    /// <summary>A line rewritten member by member as raw JSON text (so a value may be anything); null removes the member, a new name is added first.</summary>
    private static string WithMember(string line, string name, string? raw)
    {
        using var doc = JsonDocument.Parse(line);
        var members = doc.RootElement.EnumerateObject().Select(p => (p.Name, Raw: p.Value.GetRawText())).ToList();
        int i = members.FindIndex(m => m.Name == name);
        if (raw is null) members.RemoveAt(i);
        else if (i < 0) members.Insert(0, (name, raw));
        else members[i] = (name, raw);
        return "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Raw}")) + "}";
    }

    // Each tampering takes the export's entry lines or head lines (its second entry, its last head) and says what
    // to put there, as bytes so that bytes which are not UTF-8 can be written too.
    private static readonly Dictionary<string, (string File, Func<string, byte[]> Line)> Tampering = new()
    {
        ["data is an array"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "data", "[1,2]"))),
        ["data is a string"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "data", "\"x\""))),
        ["a fraction"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "seq", "5.5"))),
        ["a number past any range"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "seq", "1e400"))),
        ["seq is a string"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "seq", "\"0\""))),
        ["prev is missing"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "prev", null))),
        ["type is a number"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "type", "1"))),
        ["at is not a time"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "at", "\"soon\""))),
        ["a clock that is not a simulation's"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "clock", "\"wall\""))),
        ["an unknown member"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "extra", "true"))),
        ["nested 100,000 deep"] = (AuditExport.EntriesFile, l => Utf8(WithMember(l, "data", Deep + new string(']', Deep.Length)))),
        ["all brackets"] = (AuditExport.EntriesFile, _ => Utf8(Deep)),
        ["an array"] = (AuditExport.EntriesFile, _ => Utf8("[]")),
        ["a 0-byte line"] = (AuditExport.EntriesFile, _ => []),
        ["a 40 MB line"] = (AuditExport.EntriesFile, l => Utf8(l.Insert(l.Length - 1, ",\"pad\":\"" + new string('x', 40_000_000) + "\""))),
        ["NUL and control characters"] = (AuditExport.EntriesFile, l => Utf8(l.Insert(10, "\u0000\u0001\u001b"))),
        ["bytes that are not UTF-8"] = (AuditExport.EntriesFile, l => [.. Utf8(l[..12]), 0xFF, 0xC3, 0x28, .. Utf8(l[12..])]),
        ["a cut line"] = (AuditExport.EntriesFile, l => Utf8(l[..(l.Length / 2)])),
        ["head with a negative size"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "tree_size", "-5"))),
        ["head with a size past any range"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "tree_size", "99999999999999999999"))),
        ["head with a size past the canonical range"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "tree_size", "2000000000000000000"))),
        ["head with a root that is not hex"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "root_hash", "\"zz\""))),
        ["head with a time that is not one"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "timestamp", "\"9999-99-99\""))),
        ["head with a signature that is an object"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "signature", "{}"))),
        ["head without a key id"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "key_id", null))),
        ["head nested 100,000 deep"] = (AuditExport.HeadsFile, l => Utf8(WithMember(l, "key_id", Deep + new string(']', Deep.Length)))),
        ["head that is a string"] = (AuditExport.HeadsFile, _ => Utf8("\"text\"")),
        ["head that is a 0-byte line"] = (AuditExport.HeadsFile, _ => []),
        ["head with bytes that are not UTF-8"] = (AuditExport.HeadsFile, l => [.. Utf8(l[..5]), 0xC0, 0x80, .. Utf8(l[5..])]),
    };

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static TheoryData<string> Tamperings() => new(Tampering.Keys);

    /// <summary>Writes the export's file with one line replaced by these bytes: the second entry, or the last head.</summary>
    private static void Replace(string dir, string file, Func<string, byte[]> line)
    {
        var path = Path.Combine(dir, file);
        var lines = File.ReadAllLines(path);
        int i = file == AuditExport.EntriesFile ? 1 : lines.Length - 1;
        using var w = File.Create(path);
        for (int k = 0; k < lines.Length; k++)
        {
            w.Write(k == i ? line(lines[k]) : Utf8(lines[k]));
            w.Write("\n"u8);
        }
    }

    private static async Task<LfrResult> Verify(params string[] args)
    {
        var run = Lfr.Run(["audit", "verify", .. args, "--json"]);
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(done == run, "audit verify hung");
        return await run;
    }

    /// <summary>Exit 5, a JSON verdict with ok=false and a problem naming where, and exactly one error line; nothing thrown.</summary>
    private static List<string> AssertRejected(LfrResult r, Func<string, bool> located)
    {
        Assert.True(r.Exit == ExitCodes.Rejected, r.ToString());
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", r.Error, StringComparison.Ordinal);
        var error = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
        var json = JsonNode.Parse(r.Out)!;
        Assert.False(json["ok"]!.GetValue<bool>());
        var problems = json["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.True(problems.Any(located), string.Join("\n", problems));
        return problems;
    }

    [Fact]
    public async Task The_genuine_export_verifies_with_either_key()
    {
        foreach (var args in new[] { new[] { genuine.Dir, "--trust-export-key" }, [genuine.Dir, "--public-key", genuine.TrustedKey] })
        {
            var r = await Verify(args);
            Assert.True(r.Exit == 0, r.ToString());
            Assert.Equal("", r.Error);
            Assert.True(JsonNode.Parse(r.Out)!["ok"]!.GetValue<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_malformed_line_is_a_located_verification_failure(string tampering)
    {
        var dir = Copy();
        var (file, line) = Tampering[tampering];
        Replace(dir, file, line);
        var r = await Verify(dir, "--public-key", genuine.TrustedKey);
        var problems = AssertRejected(r, p => Located().IsMatch(p));
        // The line itself is named: the second entry, or the last head.
        int heads = File.ReadAllLines(Path.Combine(genuine.Dir, AuditExport.HeadsFile)).Length;
        var where = file == AuditExport.EntriesFile ? "entry at line 2 " : $"tree head at line {heads}: ";
        Assert.Contains(problems, p => p.StartsWith(where, StringComparison.Ordinal));
    }

    public static TheoryData<string> KeyDamage() => new("empty", "garbage", "binary", "a directory", "a FIFO", "100 MB sparse", "an RSA key", "a P-384 key", "a PEM cut short");

    [Theory]
    [MemberData(nameof(KeyDamage))]
    public async Task A_damaged_public_key_in_the_export_is_a_located_verification_failure(string damage)
    {
        var dir = Copy();
        var key = Path.Combine(dir, AuditKeys.PublicFile);
        var pem = File.ReadAllText(key);
        File.Delete(key);
        switch (damage)
        {
            case "empty": File.WriteAllBytes(key, []); break;
            case "garbage": File.WriteAllText(key, "-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----\n"); break;
            case "binary": File.WriteAllBytes(key, [0, 1, 2, 0xFF, 0xFE, 0x1B, 0x80]); break;
            case "a directory": Directory.CreateDirectory(key); break;
            case "a FIFO": Process.Start("mkfifo", key)!.WaitForExit(); break;
            case "100 MB sparse": using (var f = File.Create(key)) f.SetLength(100L * 1024 * 1024); break;
            case "an RSA key": using (var rsa = RSA.Create(2048)) File.WriteAllText(key, rsa.ExportSubjectPublicKeyInfoPem()); break;
            case "a P-384 key": using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384)) File.WriteAllText(key, p384.ExportSubjectPublicKeyInfoPem()); break;
            default: File.WriteAllText(key, pem[..(pem.Length / 2)]); break;
        }
        var r = await Verify(dir, "--trust-export-key"); // the export's own key, damaged: asked for explicitly
        var problems = AssertRejected(r, p => p.StartsWith("the export's public key: ", StringComparison.Ordinal) && p.Contains(AuditKeys.PublicFile, StringComparison.Ordinal));
        Assert.Single(problems);
    }

    [Fact]
    public async Task A_public_key_the_iag_names_that_cannot_be_read_is_a_clean_error()
    {
        var fifo = _dir["named-pipe.pem"];
        Process.Start("mkfifo", fifo)!.WaitForExit();
        var empty = _dir["empty.pem"];
        File.WriteAllBytes(empty, []);
        foreach (var key in new[] { fifo, empty, _dir.Path })
        {
            var r = await Verify(genuine.Dir, "--public-key", key);
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.StartsWith("error: ", Assert.Single(r.ErrorLines), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        }
    }
}
