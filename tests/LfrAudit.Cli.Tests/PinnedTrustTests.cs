using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using LfrAudit.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>An export as a careful forger — or an operator rewriting its own history — writes it: every file self-consistent.</summary>
internal static class CarefulForgery
{
    public static List<AuditEntry> EntriesOf(string export) =>
        File.ReadAllLines(Path.Combine(export, AuditExport.EntriesFile)).Select(l => AuditEntry.FromJson(JsonNode.Parse(l)!.AsObject())).ToList();

    /// <summary>The entries re-chained, one head over them signed with <paramref name="key"/>, and its checkpoint, verifier key and public key.</summary>
    public static string Write(string into, IReadOnlyList<AuditEntry> entries, ECDsa key)
    {
        var dir = Directory.CreateDirectory(into).FullName;
        var tree = new MerkleTree();
        var prev = AuditEntry.GenesisPrev;
        var lines = new List<string>();
        for (int i = 0; i < entries.Count; i++)
        {
            var canonical = (entries[i] with { Seq = i, Prev = prev }).Canonical();
            lines.Add(Encoding.UTF8.GetString(canonical));
            tree.Append(canonical);
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
        }
        var head = TreeHead.Sign(tree.Size, tree.Root(), entries[^1].At, key);
        var origin = AuditExport.CheckpointOrigin(key);
        File.WriteAllLines(Path.Combine(dir, AuditExport.EntriesFile), lines);
        File.WriteAllLines(Path.Combine(dir, AuditExport.HeadsFile), [CanonicalJson.EncodeToString(head.ToJson())]);
        File.WriteAllText(Path.Combine(dir, AuditKeys.PublicFile), key.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(dir, AuditExport.CheckpointFile), Checkpoint.For(origin, head).Sign(key, origin));
        File.WriteAllText(Path.Combine(dir, AuditExport.VerifierKeyFile), VerifierKey(key));
        return dir;
    }

    public static string VerifierKey(ECDsa key) => Checkpoint.VerifierKey(key, AuditExport.CheckpointOrigin(key)) + "\n";

    /// <summary>Entries whose time can move on by one tick and stay in order: a change that says nothing impossible.</summary>
    public static int[] Retimable(IReadOnlyList<AuditEntry> entries) =>
        Enumerable.Range(0, entries.Count).Where(i => i == entries.Count - 1 || entries[i + 1].At > entries[i].At.AddTicks(1)).ToArray();

    public static List<AuditEntry> Retimed(IReadOnlyList<AuditEntry> entries, int i)
    {
        var changed = entries.ToList();
        changed[i] = changed[i] with { At = changed[i].At.AddTicks(1) };
        return changed;
    }
}

/// <summary>
/// The IAG's trust holds against the review's attacks: the witness pins the operator key, so a forger's export is never
/// "first use"; an export must extend the head the IAG last saw (an older one, or a history rewritten and re-signed with
/// the operator's own key, is refused); the export's own key files must be the trusted key; and the console's review page
/// checks a posted export against its live log.
/// </summary>
[Trait("Category", "Trust")]
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public sealed partial class PinnedTrustTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempDir _dir = new();
    private readonly SeededStore _seeded;
    private readonly string _db;
    private readonly string _export;
    private readonly ECDsa _operator;
    private readonly ECDsa _forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public PinnedTrustTests(SeededStore seeded)
    {
        _seeded = seeded;
        _db = seeded.CopyInto(_dir);
        _export = _dir["export"];
        Ok("audit", "export", "--out", _export, "--db", _db);
        Ok("audit", "keygen", "--out", _dir["iag"]);
        _operator = AuditKeys.LoadPrivate(_dir[AuditKeys.PrivateFile]);
    }

    public void Dispose()
    {
        _operator.Dispose();
        _forger.Dispose();
        _dir.Dispose();
    }

    /// <summary>The operator's public key as the IAG holds it, handed over out of band.</summary>
    private string OperatorKey => _dir[AuditKeys.PublicFile];

    private static string Id(ECDsa key) => TreeHead.KeyIdOf(key);

    private static LfrResult Run(params string[] args) => Lfr.Run(args).GetAwaiter().GetResult();

    private static void Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.Exit == 0, r.ToString());
    }

    private LfrResult Witness(string export, string state) =>
        Run("audit", "witness", export, "--state", state, "--key", _dir[$"iag/{AuditKeys.PrivateFile}"], "--operator-key", OperatorKey);

    private static LfrResult Verify(string export, string state) => Run("audit", "verify", export, "--state", state);

    private static LfrResult Report(string export, string state, string html) => Run("audit", "report", export, "--out", html, "--state", state);

    /// <summary>A state file as the witness leaves it after seeing the genuine export, copied for one case.</summary>
    private string Witnessed(string name)
    {
        var state = _dir[$"iag/{name}.json"];
        var w = Witness(_export, state);
        Assert.True(w.Exit == 0, w.ToString());
        return state;
    }

    /// <summary>A verification failure as every refusal is: exit 5 and one line, never a stack trace; the line.</summary>
    private static string Refused(LfrResult r)
    {
        Assert.True(r.Exit == ExitCodes.Rejected, r.ToString());
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        return Assert.Single(r.ErrorLines);
    }

    private static string CopyOf(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    [Fact]
    public void The_witness_pins_the_operator_key_so_a_forgers_export_is_never_taken_as_first_use()
    {
        var state = Witnessed("state");
        using (var pinned = ECDsa.Create())
        {
            pinned.ImportFromPem(JsonNode.Parse(File.ReadAllText(state))!["operator_key"]?.GetValue<string>() ?? "");
            Assert.Equal(Id(_operator), Id(pinned));
        }
        // The forger re-signs the very same entries with a key of its own, and puts that key in the export.
        var forged = CarefulForgery.Write(_dir["forged"], CarefulForgery.EntriesOf(_export), _forger);
        Assert.Equal(0, Run("audit", "verify", forged, "--trust-export-key").Exit); // self-consistent
        var refused = Verify(forged, state);
        var line = Refused(refused);
        Assert.Contains(AuditKeys.PublicFile, line);
        Assert.Contains(Id(_forger), line);
        Assert.Contains(Id(_operator), line);
        Assert.DoesNotContain("FIRST USE", refused.Out);
        var genuine = Verify(_export, state);
        Assert.True(genuine.Exit == 0, genuine.ToString());
        Assert.DoesNotContain("FIRST USE", genuine.Out);

        // A state file from before keys were pinned holds only the head seen: that alone ends first use.
        var older = _dir["iag/head-only.json"];
        File.WriteAllText(older, new JsonObject { ["last_seen"] = JsonNode.Parse(File.ReadAllText(state))!["last_seen"]!.DeepClone() }.ToJsonString());
        var byHead = Verify(forged, older);
        line = Refused(byHead);
        Assert.Contains("no first use", line);
        Assert.Contains(Id(_forger), line);
        Assert.DoesNotContain("FIRST USE", byHead.Out);
        Assert.DoesNotContain("operator_key", File.ReadAllText(older));
        Assert.Equal(0, Verify(_export, older).Exit);
        Assert.Contains("operator_key", File.ReadAllText(older)); // the key that signed what the IAG saw, pinned now
    }

    [Fact]
    public void An_older_export_is_refused_by_verify_report_and_witness_once_the_iag_has_seen_a_longer_one()
    {
        var seen = Witnessed("seen");
        var entries = CarefulForgery.EntriesOf(_export);
        int n = entries.Count, c = 0;
        Prop.ForAll(Gen.Choose(1, n - 1).ToArbitrary(), k =>
        {
            c++;
            // The operator's own key signs the first k entries exactly as they were: genuine, and older.
            var older = CarefulForgery.Write(_dir[$"older-{c}"], entries.Take(k).ToList(), _operator);
            var state = _dir[$"iag/older-{c}.json"];
            File.Copy(seen, state);
            Assert.Equal(0, Run("audit", "verify", older, "--public-key", OperatorKey).Exit);
            var expected = $"the export holds {k} entries but the IAG last saw {n}";
            foreach (var r in new[] { Verify(older, state), Report(older, state, _dir[$"older-{c}.html"]), Witness(older, state) })
                Assert.Contains(expected, Refused(r));
            Assert.Equal(File.ReadAllBytes(seen), File.ReadAllBytes(state)); // nothing recorded from a refused export
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [Fact]
    public void A_history_rewritten_and_re_signed_with_the_operators_own_key_is_refused()
    {
        var seen = Witnessed("seen");
        var entries = CarefulForgery.EntriesOf(_export);
        int n = entries.Count, c = 0;
        Prop.ForAll(Gen.Elements(CarefulForgery.Retimable(entries)).ToArbitrary(), i =>
        {
            c++;
            var rewritten = CarefulForgery.Write(_dir[$"rewritten-{c}"], CarefulForgery.Retimed(entries, i), _operator);
            var state = _dir[$"iag/rewritten-{c}.json"];
            File.Copy(seen, state);
            var signed = Run("audit", "verify", rewritten, "--public-key", OperatorKey);
            Assert.True(signed.Exit == 0, $"entry {i} retimed: {signed}"); // signed by the operator, and says nothing impossible
            foreach (var r in new[] { Verify(rewritten, state), Report(rewritten, state, _dir[$"rewritten-{c}.html"]), Witness(rewritten, state) })
            {
                var line = Refused(r);
                Assert.Contains($"the export's first {n} entries are not the history the IAG saw on", line);
                Assert.Contains($"it differs at entry {i}, so it was rewritten", line);
            }
            Assert.Equal(File.ReadAllBytes(seen), File.ReadAllBytes(state));
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));

        // The review's own rewrite: an alert and everything about it removed, the counts made to agree, re-signed.
        // (Numbers read as JSON text: an entry may hold them as any integer type.)
        static long Number(JsonNode? n) => long.Parse(n!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
        long alert = entries.Where(e => e.Type == "alert.raised").Select(e => Number(e.Data["alert"])).Max();
        var without = entries.Where(e => !(e.Type.StartsWith("alert.", StringComparison.Ordinal) && e.Data["alert"] is { } a && Number(a) == alert)).ToList();
        foreach (var e in without.Where(e => e.Type is "faces.counted" or "run.ended")) e.Data["alerts"] = Number(e.Data["alerts"]) - 1;
        var removed = CarefulForgery.Write(_dir["alert-removed"], without, _operator);
        var removedVerifies = Run("audit", "verify", removed, "--public-key", OperatorKey);
        Assert.True(removedVerifies.Exit == 0, removedVerifies.ToString());
        Assert.Contains($"but the IAG last saw {n}", Refused(Verify(removed, seen)));
    }

    private enum KeyFile { PublicKey, VerifierKey, Both }

    [Fact]
    public void An_export_whose_own_key_files_are_not_the_trusted_key_is_refused_naming_the_file_and_both_keys()
    {
        var seen = Witnessed("seen");
        var cases = from trust in Gen.Elements("--public-key", "--state", "--state (first use)", "witness")
                    from file in trust == "--state (first use)" ? Gen.Constant(KeyFile.VerifierKey) : Gen.Elements(KeyFile.PublicKey, KeyFile.VerifierKey, KeyFile.Both)
                    from forgers in Gen.Elements(true, false) // the forger's key, or any other
                    from report in Gen.Elements(true, false)
                    select (trust, file, forgers, report);
        int c = 0;
        Prop.ForAll(cases.ToArbitrary(), x =>
        {
            c++;
            var swapped = CopyOf(_export, _dir[$"swapped-{c}"]);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var theirs = x.forgers ? _forger : fresh;
            if (x.file != KeyFile.VerifierKey) File.WriteAllText(Path.Combine(swapped, AuditKeys.PublicFile), theirs.ExportSubjectPublicKeyInfoPem());
            if (x.file != KeyFile.PublicKey) File.WriteAllText(Path.Combine(swapped, AuditExport.VerifierKeyFile), CarefulForgery.VerifierKey(theirs));
            var state = _dir[$"iag/swapped-{c}.json"];
            if (x.trust != "--state (first use)") File.Copy(seen, state);
            var html = _dir[$"swapped-{c}.html"];
            var r = x.trust switch
            {
                "--public-key" => x.report ? Run("audit", "report", swapped, "--out", html, "--public-key", OperatorKey) : Run("audit", "verify", swapped, "--public-key", OperatorKey),
                "witness" => Witness(swapped, state),
                _ => x.report ? Report(swapped, state, html) : Verify(swapped, state),
            };
            var before = File.Exists(state) ? File.ReadAllBytes(state) : null;
            var line = Refused(r);
            Assert.Equal(before, File.Exists(state) ? File.ReadAllBytes(state) : null); // a first use refused pins nothing
            Assert.Contains(x.file == KeyFile.VerifierKey ? AuditExport.VerifierKeyFile : AuditKeys.PublicFile, line);
            Assert.Contains(Id(theirs), line);
            Assert.Contains(Id(_operator), line);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(24));
    }

    [Fact]
    public void An_export_re_signed_with_any_other_key_is_refused_naming_the_export_the_pinned_key_and_its_signer()
    {
        var seen = Witnessed("seen");
        var entries = CarefulForgery.EntriesOf(_export);
        var cases = from keepCopies in Gen.Elements(true, false) // the operator's own key files left in place, or the forger's
                    from how in Gen.Elements("verify", "report", "witness")
                    select (keepCopies, how);
        int c = 0;
        Prop.ForAll(cases.ToArbitrary(), x =>
        {
            c++;
            using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var forged = CarefulForgery.Write(_dir[$"resigned-{c}"], entries, forger);
            if (x.keepCopies)
            {
                File.Copy(OperatorKey, Path.Combine(forged, AuditKeys.PublicFile), overwrite: true);
                File.Copy(Path.Combine(_export, AuditExport.VerifierKeyFile), Path.Combine(forged, AuditExport.VerifierKeyFile), overwrite: true);
            }
            var state = _dir[$"iag/resigned-{c}.json"];
            File.Copy(seen, state);
            var r = x.how switch
            {
                "verify" => Verify(forged, state),
                "report" => Report(forged, state, _dir[$"resigned-{c}.html"]),
                _ => Witness(forged, state),
            };
            var line = Refused(r);
            Assert.Contains(forged, line);
            Assert.Contains(Id(forger), line);
            Assert.Contains(Id(_operator), line);
            Assert.Equal(File.ReadAllBytes(seen), File.ReadAllBytes(state));
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [Fact]
    public void The_genuine_export_is_witnessed_and_verified_as_it_grows_over_three_rounds_and_the_one_before_is_refused()
    {
        var state = _dir["iag/rounds.json"];
        var clock = new FakeTimeProvider(_seeded.Timeline.At(10, 12));
        long before = 0;
        for (int round = 1; round <= 3; round++)
        {
            if (round > 1)
            {
                clock.Advance(TimeSpan.FromMinutes(5));
                using var db = SqliteDatabase.Open(_db, clock);
                new AccountService(db, new IdentityPasswordHashing(), new SignInThrottle(clock)).Add($"iag.round{round}", Role.Reviewer, Password, TestUsers.Supervisor);
                db.Audit.IssueTreeHead(_operator);
            }
            var export = _dir[$"round-{round}"];
            Ok("audit", "export", "--out", export, "--db", _db);
            var w = Witness(export, state);
            Assert.True(w.Exit == 0, w.ToString());
            var v = Verify(export, state);
            Assert.True(v.Exit == 0, v.ToString());
            long size = JsonNode.Parse(File.ReadAllText(state))!["last_seen"]!["tree_size"]!.GetValue<long>();
            Assert.Equal(CarefulForgery.EntriesOf(export).Count, size);
            Assert.True(size > before, $"round {round}: the log did not grow ({before} then {size})");
            if (round > 1)
            {
                var kept = File.ReadAllBytes(state);
                Assert.Contains($"the export holds {before} entries but the IAG last saw {size}", Refused(Verify(_dir[$"round-{round - 1}"], state)));
                Assert.Equal(kept, File.ReadAllBytes(state));
            }
            before = size;
        }
    }

    [Fact]
    public void A_state_file_whose_recorded_entries_were_edited_is_damaged_exit_3_and_left_as_it_was()
    {
        var state = Witnessed("edited");
        var o = JsonNode.Parse(File.ReadAllText(state))!.AsObject();
        var leaves = o["last_seen_leaves"]!.AsArray();
        var first = leaves[0]!.GetValue<string>();
        leaves[0] = (first[0] == '0' ? "1" : "0") + first[1..];
        File.WriteAllText(state, o.ToJsonString());
        var edited = File.ReadAllBytes(state);
        foreach (var r in new[] { Verify(_export, state), Witness(_export, state) })
        {
            Assert.Equal(ExitCodes.BadInput, r.Exit);
            Assert.Contains("witness state file is damaged", Assert.Single(r.ErrorLines));
            Assert.Equal(edited, File.ReadAllBytes(state));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_console_checks_a_posted_export_against_its_own_live_log_and_answers_a_bad_folder_with_its_page()
    {
        var clock = new FakeTimeProvider(_seeded.Timeline.At(10, 12));
        using var db = SqliteDatabase.Open(_db, clock);
        new AccountService(db, new IdentityPasswordHashing(), new SignInThrottle(clock)).Add("iag.two", Role.Reviewer, Password, TestUsers.Supervisor);
        await using var console = await OperatorConsole.StartAsync(db, new ConsoleSettings
        {
            Listen = new Uri("http://127.0.0.1:0"), TrustedAuditKeyPem = File.ReadAllText(OperatorKey), TrustedAuditKeySource = "the store's own key",
        });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = console.Address };
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleAccessTests.SignIn(http, "iag.two", Password)).StatusCode);
        async Task<(HttpStatusCode Status, string Type, string Body)> Review(string export)
        {
            var token = WebUtility.HtmlDecode(FormToken().Match(await http.GetStringAsync("/iag")).Groups[1].Value);
            var r = await http.PostAsync("/iag", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["export"] = export }));
            return (r.StatusCode, r.Content.Headers.ContentType?.MediaType ?? "", await r.Content.ReadAsStringAsync());
        }

        // Exported before the user was added and signed in: genuine, and the live log has grown since.
        var older = await Review(_export);
        Assert.Contains("VERIFIED", older.Body);
        Assert.Contains("NOT THE WHOLE LOG", older.Body);

        // Signed and exported now: the live log, entry for entry.
        db.Audit.IssueTreeHead(_operator);
        Ok("audit", "export", "--out", _dir["now"], "--db", _db);
        var whole = await Review(_dir["now"]);
        Assert.Contains("entry for entry", whole.Body);
        Assert.DoesNotContain("NOT THE WHOLE LOG", whole.Body);

        // Re-signed by the operator's own key: one entry changed, or entries the live log never held.
        var entries = CarefulForgery.EntriesOf(_dir["now"]);
        int i = CarefulForgery.Retimable(entries)[^1];
        var rewritten = await Review(CarefulForgery.Write(_dir["rewritten"], CarefulForgery.Retimed(entries, i), _operator));
        Assert.Contains("DOES NOT VERIFY", rewritten.Body);
        Assert.Contains($"entry {i} of the export is not entry {i} of this console's own log", WebUtility.HtmlDecode(rewritten.Body));
        var longer = await Review(CarefulForgery.Write(_dir["longer"], [.. entries, entries[^1]], _operator));
        Assert.Contains("DOES NOT VERIFY", longer.Body);
        Assert.Contains($"this console's own log holds only {entries.Count}", WebUtility.HtmlDecode(longer.Body));

        // Not an export: the page again with the problem in one line, as typed, and no folder of the console's shown; and one
        // answer whatever the name is — missing, empty, a folder with a folder where the entries belong, /etc, /proc/self —
        // so the form tells no one which paths exist on the server.
        var empty = Directory.CreateDirectory(_dir["not-an-export"]).FullName;
        var typed = Path.GetRelativePath(Directory.GetCurrentDirectory(), empty);
        var hollow = Directory.CreateDirectory(_dir["hollow"]).FullName;
        Directory.CreateDirectory(Path.Combine(hollow, AuditExport.EntriesFile)); // a folder where the entries belong
        File.WriteAllText(Path.Combine(hollow, AuditExport.HeadsFile), "");
        var answers = new List<string>();
        foreach (var bad in new[] { typed, hollow, "", Path.Combine(typed, "missing"), "/etc", "/proc/self", "/nonexistent-folder" })
        {
            var answer = await Review(bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
            Assert.Equal("text/html", answer.Type);
            Assert.Contains("class=\"problem\"", answer.Body);
            Assert.Contains("not an export folder this console can read", answer.Body);
            if (bad != hollow) Assert.DoesNotContain(empty, answer.Body.Replace(typed, "", StringComparison.Ordinal));
            var shown = System.Text.RegularExpressions.Regex.Match(answer.Body, "<p role=\"alert\" class=\"problem\">(.*?)</p>").Groups[1].Value;
            if (bad.Length > 0) answers.Add(shown.Replace(WebUtility.HtmlEncode(bad), "NAME", StringComparison.Ordinal));
        }
        Assert.Single(answers.Where(a => a.StartsWith("NAME", StringComparison.Ordinal)).Distinct());
    }
}
