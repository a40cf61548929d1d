using System.Text.Json.Nodes;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>The IAG's side: export, verify, prove, and witness a history the operator cannot fork.</summary>
[Trait("Category", "Dates")]
public class AuditCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];
    // The store is made on the real clock (keys, enrolment), then driven on a simulated one weeks after it.
    private readonly TestTimeline _t = TestTimeline.FromNow();
    /// <summary>The operator's public key as the IAG holds it: handed over once, out of band.</summary>
    private string IagCopy => _dir["audit-public-key.pem"];

    private static string Manifest => Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml");

    public void Dispose() => _dir.Dispose();

    private async Task<LfrResult> Ok(params string[] args)
    {
        var r = await Lfr.Run(args);
        Assert.True(r.Exit == 0, r.ToString());
        return r;
    }

    private async Task Operate()
    {
        await Ok("audit", "keygen", "--out", _dir.Path);                       // the operator's key, beside the store
        await Ok("audit", "keygen", "--out", _dir["iag"]);                     // the IAG's own key
        await Ok(Lfr.WithModels("watchlist", "enroll", "--manifest", Manifest, "--images-root", SharedData.DatasetsDir, "--db", Db));
    }

    private async Task Plan(string id, string camera)
    {
        TestUsers.In(Db); // plans name a registered supervisor
        await Ok("deployment", "plan", "--id", id, "--by", TestUsers.Supervisor, "--location", "North End", "--area", "Croydon",
        "--start", _t.Wall(9, 10), "--end", _t.Wall(9, 18), "--purpose", "p", "--officer", "A", "--rank", "Supt", "--camera", camera,
        "--watchlist", "demo-watchlist", "--db", Db, "--now", _t.Now(0, 9));
    }

    /// <summary>
    /// A forged export: <paramref name="from"/>'s entries edited, re-chained and signed with <paramref name="key"/>, whose public
    /// half goes beside them — perfectly self-consistent, as a careful forger would make it.
    /// </summary>
    private static string Forge(string from, string into, System.Security.Cryptography.ECDsa key, Action<int, AuditEntry> edit)
    {
        var forged = Directory.CreateDirectory(into).FullName;
        var tree = new MerkleTree();
        string prev = AuditEntry.GenesisPrev;
        var rewritten = new List<string>();
        foreach (var (line, i) in File.ReadAllLines(Path.Combine(from, "entries.jsonl")).Select((l, i) => (l, i)))
        {
            var e = AuditEntry.FromJson(JsonNode.Parse(line)!.AsObject()) with { Prev = prev };
            edit(i, e);
            var canonical = e.Canonical();
            rewritten.Add(System.Text.Encoding.UTF8.GetString(canonical));
            tree.Append(canonical);
            prev = Convert.ToHexStringLower(MerkleTree.LeafHash(canonical));
        }
        File.WriteAllLines(Path.Combine(forged, "entries.jsonl"), rewritten);
        File.WriteAllLines(Path.Combine(forged, "tree-heads.jsonl"), [CanonicalJson.EncodeToString(TreeHead.Sign(tree.Size, tree.Root(), TestTimeline.RealNow, key).ToJson())]);
        File.WriteAllText(Path.Combine(forged, "audit-public-key.pem"), key.ExportSubjectPublicKeyInfoPem());
        return forged;
    }

    private Task<LfrResult> Witness(string export) => Lfr.Run("audit", "witness", export, "--state", _dir["iag/state.json"],
        "--key", _dir["iag/audit-signing-key.pem"], "--operator-key", _dir["iag-trusted-operator.pem"]);

    [Fact]
    public async Task The_witness_accepts_a_history_that_grows_and_refuses_one_that_was_rewritten()
    {
        await Operate();
        File.Copy(_dir["audit-public-key.pem"], _dir["iag-trusted-operator.pem"]); // handed to the IAG once, out of band
        await Ok("audit", "export", "--out", _dir["export-1"], "--db", Db);
        Assert.Contains("witnessed", (await Witness(_dir["export-1"])).Out);

        await Plan("DEP-1", "van-1");
        await Ok("audit", "export", "--out", _dir["export-2"], "--db", Db);
        var grown = await Witness(_dir["export-2"]);
        Assert.True(grown.Exit == 0, grown.ToString());
        Assert.True(File.Exists(_dir["export-2/witness-cosignature.json"]));

        // The operator edits the first entry, re-chains and re-signs everything with its own key: the export is
        // perfectly self-consistent, and `verify` alone cannot tell. The witness can.
        using var key = AuditKeys.LoadPrivate(_dir["audit-signing-key.pem"]);
        var forged = Forge(_dir["export-2"], _dir["export-forged"], key, (i, e) => { if (i == 0) e.Data["entries"] = 4; });
        Assert.Equal(0, (await Lfr.Run("audit", "verify", forged, "--public-key", IagCopy)).Exit); // self-consistent, and by the operator's own key

        var caught = await Witness(forged);
        Assert.Equal(ExitCodes.Rejected, caught.Exit); // a verification failure, not a bad input
        Assert.Contains("it differs at entry 0, so it was rewritten", Assert.Single(caught.ErrorLines));
    }

    [Fact]
    public async Task Tampering_with_an_export_is_reported_with_its_place_and_a_non_zero_exit()
    {
        await Operate();
        await Plan("DEP-1", "van-1");
        await Ok("audit", "export", "--out", _dir["export"], "--db", Db);
        var entries = _dir["export/entries.jsonl"];
        var lines = File.ReadAllLines(entries);
        var planned = Array.FindIndex(lines, l => l.Contains("\"deployment.planned\"", StringComparison.Ordinal)); // after the users who plan
        lines[planned] = lines[planned].Replace("North End", "South End");
        File.WriteAllLines(entries, lines);
        var r = await Lfr.Run("audit", "verify", _dir["export"], "--json", "--public-key", IagCopy);
        Assert.Equal(ExitCodes.Rejected, r.Exit);
        var json = JsonNode.Parse(r.Out)!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Equal(planned, json["first_bad_entry"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_iag_report_comes_only_from_a_verified_log()
    {
        await Operate();
        TestUsers.In(Db);
        await Plan("DEP-1", "van-1");
        await Ok("deployment", "publish-notice", "DEP-1", "--by", TestUsers.Supervisor, "--db", Db, "--now", _t.Now(1, 9));
        await Ok("deployment", "start", "DEP-1", "--by", TestUsers.Supervisor, "--db", Db, "--now", _t.Now(9, 10));
        await Ok("deployment", "end", "DEP-1", "--by", TestUsers.Supervisor, "--db", Db, "--now", _t.Now(9, 18));
        await Ok("audit", "export", "--out", _dir["export"], "--db", Db);

        await Ok("audit", "report", _dir["export"], "--out", _dir["report.html"], "--public-key", IagCopy);
        var html = File.ReadAllText(_dir["report.html"]);
        Assert.Contains("Verified: every entry", html);
        Assert.Contains("Deployment DEP-1: North End, Croydon", html);
        Assert.Contains("Notice (7 days before the planned start)", html);
        // Outcome due by the end of the 5th working day after Wednesday, day 9: the next Wednesday, day 16.
        Assert.Contains(LondonTime.Show(_t.At(17, 0)), html);
        Assert.Contains("not published", html);

        var entries = _dir["export/entries.jsonl"];
        File.WriteAllLines(entries, File.ReadAllLines(entries).Where((_, i) => i != 2)); // an entry removed
        var refused = await Lfr.Run("audit", "report", _dir["export"], "--out", _dir["report-2.html"], "--public-key", IagCopy);
        Assert.Equal(ExitCodes.Rejected, refused.Exit);
        var bad = File.ReadAllText(_dir["report-2.html"]);
        Assert.Contains("did NOT verify", bad);
        Assert.DoesNotContain("Timeline", bad);
    }

    [Fact]
    public async Task The_signing_key_is_readable_by_its_owner_only_and_is_never_overwritten_by_accident()
    {
        await Ok("audit", "keygen", "--out", _dir.Path);
        Assert.False(OperatingSystem.IsWindows(), "this product runs on Linux");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir["audit-signing-key.pem"]));
        Assert.Contains("BEGIN PUBLIC KEY", File.ReadAllText(_dir["audit-public-key.pem"]));
        var again = await Lfr.Run("audit", "keygen", "--out", _dir.Path);
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.Contains("already exists", again.Error);
    }

    [Fact]
    public async Task An_inclusion_proof_verifies_for_an_entry()
    {
        await Operate();
        await Plan("DEP-1", "van-1");
        var r = await Ok("audit", "prove", "--entry", $"{StoreSnapshot.Of(Db).Entries - 1}", "--db", Db, "--json"); // the plan, the latest entry
        var json = JsonNode.Parse(r.Out)!;
        Assert.True(json["verified"]!.GetValue<bool>());
        Assert.Contains("deployment.planned", json["canonical"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_re_signed_with_another_key_is_refused_unless_the_export_is_explicitly_trusted()
    {
        await Operate();
        await Plan("DEP-1", "van-1");
        await Ok("audit", "export", "--out", _dir["export"], "--db", Db);
        // The forger changes an entry, re-chains the log, signs it with a key of their own and puts that key in the export.
        using var theirs = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = Forge(_dir["export"], _dir["forged"], theirs, (_, e) => { if (e.Type == "deployment.planned") e.Data["location"] = "Somewhere Else, Croydon"; });

        // No key named: refused before anything is read (a usage error), never a silent trust of the export's own key.
        var unnamed = await Lfr.Run("audit", "verify", forged);
        Assert.Equal(ExitCodes.Usage, unnamed.Exit);
        Assert.Contains("say which key to trust", Assert.Single(unnamed.ErrorLines));
        // The IAG's own copy of the operator's key: refused, exit 5.
        var byIagKey = await Lfr.Run("audit", "verify", forged, "--public-key", IagCopy);
        Assert.Equal(ExitCodes.Rejected, byIagKey.Exit);
        // Its own key copy is the forger's: refused before the signatures, naming that file and both key ids.
        var refusal = Assert.Single(byIagKey.ErrorLines);
        Assert.Contains(AuditKeys.PublicFile, refusal);
        Assert.Contains(TreeHead.KeyIdOf(theirs), refusal);
        using (var operatorKey = AuditKeys.LoadPublic(IagCopy)) Assert.Contains(TreeHead.KeyIdOf(operatorKey), refusal);
        // Pinned on first use from the genuine export, then the forged one is refused.
        var pinned = await Lfr.Run("audit", "verify", _dir["export"], "--state", _dir["iag-state.json"]);
        Assert.True(pinned.Exit == 0, pinned.ToString());
        Assert.Contains("FIRST USE", pinned.Out);
        var byState = await Lfr.Run("audit", "verify", forged, "--state", _dir["iag-state.json"]);
        Assert.Equal(ExitCodes.Rejected, byState.Exit);
        // Only when told to trust the export's own key does it verify, and then it says loudly what that proves.
        var trusting = await Lfr.Run("audit", "verify", forged, "--trust-export-key");
        Assert.Equal(0, trusting.Exit);
        Assert.StartsWith("WARNING: verified against the public key INSIDE the export", trusting.Out);
        var report = await Lfr.Run("audit", "report", forged, "--out", _dir["forged.html"], "--public-key", IagCopy);
        Assert.Equal(ExitCodes.Rejected, report.Exit);
        Assert.Contains("did NOT verify", File.ReadAllText(_dir["forged.html"]));
    }
}
