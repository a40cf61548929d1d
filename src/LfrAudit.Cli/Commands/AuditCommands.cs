using LfrAudit.Core.Ports;
using System.CommandLine;
using System.Text.Json.Nodes;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;
using System.Security.Cryptography;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr audit keygen | head | export | verify | prove: the tamper-evident log and its checks.</summary>
public static class AuditCommands
{
    public const string EntriesFile = "entries.jsonl";
    public const string HeadsFile = "tree-heads.jsonl";

    private static readonly Option<bool> Json = new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var audit = new Command("audit", "The tamper-evident audit log");

        var outDir = new Option<string>("--out") { Description = "Folder for the key pair", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Replace an existing key" };
        var keygen = new Command("keygen", "Create the audit log's ECDSA P-256 signing key (private key file 0600) and export its public key") { outDir, force };
        bind.Bind(keygen, c =>
        {
            var (priv, pub) = AuditKeys.Generate(Path.GetFullPath(c.Get(outDir)!), c.Get(force));
            c.Output.Line($"private key: {priv} (owner read/write only; keep it secret)");
            c.Output.Line($"public key:  {pub} (give this to the independent advisory group)");
            return ExitCodes.Ok;
        });

        var head = new Command("head", "Sign and record a tree head for the log as it is now") { Json };
        bind.Bind(head, c =>
        {
            using var db = c.OpenDatabase();
            var keyPath = AuditKeys.Locate(c.Parse, c.DatabasePath) ?? throw new LfrInputException("no audit signing key: create one with 'lfr audit keygen' or give --audit-key");
            using var key = AuditKeys.LoadPrivate(keyPath);
            var th = db.Audit.IssueTreeHead(key);
            if (c.Get(Json)) c.Output.Json(th.ToJson());
            else c.Output.Line($"tree head: size {th.TreeSize}, root {th.RootHash}, {CliTime.Show(th.Timestamp)}, key {th.KeyId}");
            return ExitCodes.Ok;
        });

        var exportOut = new Option<string>("--out") { Description = "Folder to write the export into", Required = true };
        var export = new Command("export", "Write the log for the IAG: entries (JSON Lines), signed tree heads and the public key") { exportOut };
        bind.Bind(export, c =>
        {
            using var db = c.OpenForReading();
            var keyPath = AuditKeys.Locate(c.Parse, c.DatabasePath) ?? throw new LfrInputException("no audit signing key to export a public key from: 'lfr audit keygen'");
            using var key = AuditKeys.LoadPrivate(keyPath);
            var (dir, entries, heads) = WriteExport(db, c.Get(exportOut)!, key);
            c.Output.Line($"exported {entries} entries and {heads} signed tree heads to {dir}");
            // Reading never signs: entries an interrupted command left unsigned stay so until the next writing command.
            if ((db.Audit.Heads().LastOrDefault()?.TreeSize ?? 0) is var signed && signed < entries)
                c.Output.Problem($"warning: entries {signed}-{entries - 1} are not yet covered by a signed tree head (a command was interrupted); run 'lfr audit head' and export again");
            return ExitCodes.Ok;
        });

        var folder = new Argument<string>("dir") { Description = "An export folder (from 'lfr audit export')" };
        var publicKey = new Option<string?>("--public-key") { Description = "The public key to trust (default: the export's own audit-public-key.pem)" };
        var verify = new Command("verify", "Verify an export offline: every entry, every signature, every head's consistency") { folder, publicKey, Json };
        bind.Bind(verify, c =>
        {
            var dir = c.Parse.GetValue(folder)!;
            var result = VerifyExport(dir, c.Get(publicKey));
            if (c.Get(Json))
                c.Output.Json(new { ok = result.Ok, entries = result.Entries, tree_heads = result.Heads, first_bad_entry = result.FirstBadEntry, problems = result.Problems });
            else if (result.Ok)
                c.Output.Line($"verified: {result.Entries} entries, {result.Heads} signed tree heads, all consistent");
            else
            {
                c.Output.Line($"FAILED: {result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")}" + (result.FirstBadEntry is { } b ? $"; first bad entry: {b}" : ""));
                foreach (var p in result.Problems) c.Output.Line($"  - {p}");
            }
            return result.Ok ? ExitCodes.Ok : ExitCodes.Rejected;
        });

        var entry = new Option<long>("--entry") { Description = "The entry's sequence number", Required = true }.Within(0, long.MaxValue);
        var prove = new Command("prove", "An inclusion proof for one entry against the latest signed tree head") { entry, Json };
        bind.Bind(prove, c =>
        {
            using var db = c.OpenForReading();
            var th = db.Audit.Heads().LastOrDefault() ?? throw new LfrInputException("the log has no signed tree head yet: 'lfr audit head'");
            long n = c.Get(entry);
            if (n < 0 || n >= th.TreeSize) throw new LfrInputException($"entry {n} is not covered by the latest tree head (size {th.TreeSize})");
            var tree = db.Audit.Tree();
            var proof = tree.InclusionProof(n, th.TreeSize);
            var leaf = tree.Leaf(n).ToArray();
            bool ok = MerkleTree.VerifyInclusion(n, th.TreeSize, leaf, proof, Convert.FromHexString(th.RootHash));
            var canonical = db.Audit.Entries().ElementAt((int)n);
            if (c.Get(Json))
                c.Output.Json(new { entry = n, canonical, leaf_hash = Convert.ToHexStringLower(leaf), tree_head = th.ToJson().ToJsonString(), audit_path = proof.Select(Convert.ToHexStringLower), verified = ok });
            else
            {
                c.Output.Line($"entry {n}: {canonical}");
                c.Output.Line($"leaf hash {Convert.ToHexStringLower(leaf)}; tree head size {th.TreeSize}, root {th.RootHash}");
                for (int i = 0; i < proof.Count; i++) c.Output.Line($"  path[{i}] {Convert.ToHexStringLower(proof[i])}");
                c.Output.Line(ok ? "inclusion verified" : "INCLUSION FAILED");
            }
            return ok ? ExitCodes.Ok : ExitCodes.Rejected;
        });

        var count = new Option<int>("--entries") { Description = "How many entries to verify", DefaultValueFactory = _ => 1_000_000 }.Within(1, 50_000_000);
        var benchOut = new Option<string>("--out") { Description = "Where to write the result (JSON)", DefaultValueFactory = _ => "audit-bench.json" };
        var bench = new Command("bench", "Measure offline verification of a log of N entries (synthetic events, real hashing and signatures)") { count, benchOut };
        bind.Bind(bench, c =>
        {
            int n = c.Get(count);
            if (n < 1) throw new LfrInputException("--entries must be at least 1");
            var (lines, heads, key) = SyntheticLog(n);
            using (key)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = LogVerifier.Verify(lines, heads, key);
                var seconds = clock.Elapsed.TotalSeconds;
                if (!result.Ok) throw new InvalidOperationException("the synthetic log did not verify: " + result.Problems[0]);
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                var json = new { date = c.Clock.UtcNow, entries = n, tree_heads = heads.Count, seconds = Math.Round(seconds, 2),
                    entries_per_second = Math.Round(n / seconds), peak_working_set_mb = Math.Round(self.PeakWorkingSet64 / 1048576.0) };
                TextFiles.WriteAll(c.Get(benchOut)!, System.Text.Json.JsonSerializer.Serialize(json, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "benchmark result");
                c.Output.Line($"verified {n:N0} entries and {heads.Count} signed heads in {seconds:F1} s ({n / seconds:N0} entries/s); written to {Path.GetFullPath(c.Get(benchOut)!)}");
            }
            return ExitCodes.Ok;
        });

        audit.Subcommands.Add(Witness(bind));
        var reportDir = new Argument<string>("dir") { Description = "An export folder (from 'lfr audit export')" };
        var reportOut = new Option<string>("--out") { Description = "The report file (HTML)", Required = true };
        var reportKey = new Option<string?>("--public-key") { Description = "The operator's public key as the IAG holds it (default: the export's copy)" };
        var report = new Command("report", "The IAG's report: per-deployment timelines, deadlines, decisions and deletions, from a verified export only") { reportDir, reportOut, reportKey };
        bind.Bind(report, c =>
        {
            var export = c.Parse.GetValue(reportDir)!;
            var verification = VerifyExport(export, c.Get(reportKey));
            var (lines, _) = ReadExport(export);
            var html = LfrAudit.Publishing.Oversight.IagReport.Render(lines, verification, LfrAudit.Core.Calendar.WorkingDayCalendar.EnglandAndWales, c.Clock.UtcNow);
            TextFiles.WriteAll(c.Get(reportOut)!, html, "IAG report");
            c.Output.Line($"report: {Path.GetFullPath(c.Get(reportOut)!)} ({(verification.Ok ? "log verified" : "LOG DID NOT VERIFY")})");
            return verification.Ok ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        audit.Subcommands.Add(report);
        audit.Subcommands.Add(keygen);
        audit.Subcommands.Add(bench);
        audit.Subcommands.Add(head);
        audit.Subcommands.Add(export);
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(prove);
        return audit;
    }

    /// <summary>
    /// lfr audit witness: the IAG checks a new export against the last tree head it saw (kept in its own state
    /// file), so the operator cannot show it one history and the public another; then countersigns the new head.
    /// </summary>
    private static Command Witness(CommandBinder bind)
    {
        var dir = new Argument<string>("dir") { Description = "A new export from the operator" };
        var state = new Option<string>("--state") { Description = "The IAG's own record of the last head it saw (created on first use)", Required = true };
        var key = new Option<string>("--key") { Description = "The IAG's own signing key (from 'lfr audit keygen')", Required = true };
        var operatorKey = new Option<string>("--operator-key") { Description = "The operator's public key as the IAG holds it (not the export's copy)", Required = true };
        var cmd = new Command("witness", "As the IAG: check an export extends the last head seen, then countersign its latest head") { dir, state, key, operatorKey, Json };
        bind.Bind(cmd, c =>
        {
            var export = c.Parse.GetValue(dir)!;
            var result = VerifyExport(export, c.Get(operatorKey));
            if (!result.Ok)
                throw new LfrInputException($"{export}: does not verify ({result.Problems[0]}); not countersigned");
            var (entries, headLines) = ReadExport(export);
            var latest = ParsedHeads(headLines)[^1];
            var tree = new MerkleTree();
            foreach (var e in entries.Take((int)latest.TreeSize)) tree.Append(System.Text.Encoding.UTF8.GetBytes(e));

            var statePath = c.Get(state)!;
            if (ReadWitnessState(statePath) is { } seen)
            {
                // Every log extends the empty one; otherwise the new head must prove it extends the one seen.
                bool extends = latest.TreeSize >= seen.TreeSize && (seen.TreeSize == 0
                    || MerkleTree.VerifyConsistency(seen.TreeSize, latest.TreeSize, Convert.FromHexString(seen.RootHash), Convert.FromHexString(latest.RootHash),
                        tree.ConsistencyProof(seen.TreeSize, latest.TreeSize)));
                if (!extends)
                    throw new LfrInputException($"{export}: its head (size {latest.TreeSize}) does not extend the head the IAG saw on {CliTime.Show(seen.Timestamp)} (size {seen.TreeSize}, root {seen.RootHash[..16]}…): the operator is showing a different history");
            }
            using var iag = AuditKeys.LoadPrivate(c.Get(key)!);
            var cosignature = new JsonObject
            {
                ["tree_head"] = latest.ToJson(),
                ["witness_key_id"] = TreeHead.KeyIdOf(iag),
                ["witnessed_at"] = AuditEntry.Time(c.Clock.UtcNow),
                ["signature"] = Convert.ToBase64String(iag.SignData(latest.SignedBytes(), System.Security.Cryptography.HashAlgorithmName.SHA256,
                    System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence)),
            };
            File.WriteAllText(Path.Combine(export, "witness-cosignature.json"), cosignature.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            TextFiles.WriteAll(statePath, new JsonObject { ["last_seen"] = latest.ToJson() }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "witness state file");
            if (c.Get(Json)) c.Output.Json(new { witnessed = true, tree_size = latest.TreeSize, root_hash = latest.RootHash, witness_key_id = TreeHead.KeyIdOf(iag) });
            else c.Output.Line($"witnessed: head of size {latest.TreeSize} (root {latest.RootHash[..16]}…) extends what the IAG saw before; countersigned in {Path.Combine(export, "witness-cosignature.json")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The IAG's record of the last head it saw; null on first use. A damaged file is one clear error, never a guess.</summary>
    private static TreeHead? ReadWitnessState(string path)
    {
        if (FileKind.Of(path) == FileKindOf.Missing) return null;
        FileKind.RequireRegularFile(path, "witness state file");
        string? problem = null;
        try
        {
            var text = File.ReadAllText(path);
            if (JsonNode.Parse(text) is JsonObject o && o["last_seen"] is JsonObject seen && TreeHead.TryParse(seen.ToJsonString(), out problem) is { } head)
                return head;
            problem ??= "no 'last_seen' tree head in it";
        }
        catch (System.Text.Json.JsonException ex) { problem = $"not JSON ({ex.Message.Split('.')[0]})"; }
        throw new LfrInputException($"{FileKind.Show(path)}: the witness state file is damaged: {problem}; restore it from the IAG's own copy (it records the last head the IAG saw)");
    }

    // Entries shaped like a busy deployment's (counts and alerts), chained and signed every 10,000 entries.
    private static (List<string>, List<TreeHead>, System.Security.Cryptography.ECDsa) SyntheticLog(int n)
    {
        var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var lines = new List<string>(n);
        var heads = new List<TreeHead>();
        var tree = new MerkleTree();
        var t0 = new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
        string prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < n; i++)
        {
            var data = i % 10 == 0
                ? new JsonObject { ["alert"] = i, ["run"] = "run-1", ["camera"] = "van-1", ["candidate"] = $"WL-{i % 5000:D4}", ["score"] = "0.6731", ["evidence_sha256"] = new string('e', 64) }
                : new JsonObject { ["run"] = "run-1", ["camera"] = "van-1", ["minute"] = AuditEntry.Time(t0.AddMinutes(i)), ["seen"] = i % 97, ["searched"] = i % 89, ["alerts"] = 0 };
            var canonical = new AuditEntry(i, t0.AddSeconds(i), i % 10 == 0 ? "alert.raised" : "faces.counted", data, prev).Canonical();
            lines.Add(System.Text.Encoding.UTF8.GetString(canonical));
            var leaf = MerkleTree.LeafHash(canonical);
            tree.AppendLeafHash(leaf);
            prev = Convert.ToHexStringLower(leaf);
            if ((i + 1) % 10_000 == 0 || i + 1 == n) heads.Add(TreeHead.Sign(i + 1, tree.Root(), t0.AddSeconds(i + 1), key));
        }
        return (lines, heads, key);
    }

    /// <summary>Writes what the IAG receives: the entries, the signed tree heads and the operator's public key.</summary>
    public static (string Dir, long Entries, int Heads) WriteExport(IStore db, string folder, System.Security.Cryptography.ECDsa signingKey)
    {
        var dir = TextFiles.Folder(folder, "export folder");
        var entries = db.Audit.Entries().ToList();
        var heads = db.Audit.Heads();
        File.WriteAllLines(Path.Combine(dir, EntriesFile), entries);
        File.WriteAllLines(Path.Combine(dir, HeadsFile), heads.Select(h => CanonicalJson.EncodeToString(h.ToJson())));
        File.WriteAllText(Path.Combine(dir, AuditKeys.PublicFile), signingKey.ExportSubjectPublicKeyInfoPem());
        return (dir, entries.Count, heads.Count);
    }

    /// <summary>
    /// Reads an export's entry lines and tree-head lines as they are (a malformed line is for the verifier to
    /// locate); only a missing folder or file, or one that is not a regular file, is an error here.
    /// </summary>
    public static (List<string> Entries, List<string> HeadLines) ReadExport(string dir)
    {
        var entries = Path.Combine(dir, EntriesFile);
        var heads = Path.Combine(dir, HeadsFile);
        if (!Directory.Exists(dir)) throw new LfrInputException($"{FileKind.Show(dir)}: not found (expected an 'lfr audit export' folder)");
        if (!File.Exists(entries) && !File.Exists(heads))
            throw new LfrInputException($"{FileKind.Show(dir)}: not an 'lfr audit export' folder (no {EntriesFile} or {HeadsFile})");
        return (ReadLines(entries), ReadLines(heads));
    }

    /// <summary>The parsed heads of an export, skipping malformed lines (call only after it verified).</summary>
    public static List<TreeHead> ParsedHeads(IEnumerable<string> headLines) =>
        headLines.Select(l => TreeHead.TryParse(l, out _)).Where(h => h is not null).Select(h => h!).ToList();

    // A missing file reads as empty, which the verifier reports (no entries, or nothing signed); a FIFO or device is refused.
    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path) && FileKind.Of(path) == FileKindOf.Missing) return [];
        FileKind.RequireRegularFile(path, "export file");
        return File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
    }

    /// <summary>
    /// Verifies an export. A public key the IAG names (--public-key) must be readable (else exit 3); the export's
    /// own copy is part of what is verified, so a damaged copy is a verification failure, not an error.
    /// </summary>
    public static VerificationResult VerifyExport(string dir, string? publicKeyPath)
    {
        var (entries, heads) = ReadExport(dir);
        ECDsa key;
        if (publicKeyPath is not null) key = AuditKeys.LoadPublic(publicKeyPath);
        else
        {
            try { key = AuditKeys.LoadPublic(Path.Combine(dir, AuditKeys.PublicFile)); }
            catch (LfrInputException ex) { return new VerificationResult(entries.Count, heads.Count, [$"the export's public key: {ex.Message}"], null); }
        }
        using (key) return LogVerifier.Verify(entries, heads, key);
    }
}
