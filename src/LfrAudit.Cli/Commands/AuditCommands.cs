using LfrAudit.Core.Wording;
using LfrAudit.Application.Audit;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Measurement.Audit;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr audit keygen | head | export | verify | prove: the tamper-evident log and its checks.</summary>
internal static class AuditCommands
{

    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var audit = new Command("audit", "The tamper-evident audit log");

        var outDir = new Option<string>("--out") { Description = "Folder for the key pair", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Replace an existing key" };
        var keygen = new Command("keygen", "Create the audit log's ECDSA P-256 signing key (private key file 0600) and export its public key") { outDir, force };
        bind.Bind(keygen, Uses.Nothing, c =>
        {
            var (priv, pub) = AuditKeys.Generate(c.Get(outDir)!, c.Get(force));
            c.Output.Line($"private key: {priv} (owner read/write only; keep it secret)");
            c.Output.Line($"public key:  {pub} (give this to the independent advisory group)");
            return ExitCodes.Ok;
        });

        var head = new Command("head", "Sign and record a tree head for the log as it is now") { Json };
        bind.Bind(head, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var keyPath = AuditKeyOption.Locate(c, c.Store) ?? throw new LfrInputException("no audit signing key: create one with 'lfr audit keygen' or give --audit-key");
            using var key = AuditKeys.LoadPrivate(keyPath);
            var th = db.Audit.IssueTreeHead(key);
            if (c.Get(Json)) c.Output.Json(th.ToJson());
            else c.Output.Line($"tree head: size {th.TreeSize}, root {th.RootHash}, {CliTime.Show(th.Timestamp)}, key {th.KeyId}");
            return ExitCodes.Ok;
        });

        var exportOut = new Option<string>("--out") { Description = "Folder to write the export into", Required = true };
        var export = new Command("export", "Write the log for the IAG: entries (JSON Lines), signed tree heads and the public key") { exportOut, Json };
        bind.Bind(export, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenForReading();
            var keyPath = AuditKeyOption.Locate(c, c.Store) ?? throw new LfrInputException("no audit signing key to export a public key from: 'lfr audit keygen'");
            using var key = AuditKeys.LoadPrivate(keyPath);
            var (dir, entries, heads, signed, later) = AuditExport.Write(db.Audit, c.Get(exportOut)!, key);
            if (c.Get(Json)) c.Output.Json(new { folder = dir, entries, tree_heads = heads, entries_signed = signed, entries_left_for_next_export = later });
            else c.Output.Line($"exported {English.Count(entries, "entry", "entries")} and {English.Count(heads, "signed tree head")} to {dir}");
            if (signed < entries)
                c.Output.Problem($"warning: entries {signed}-{entries - 1} are not covered by a signed tree head (no head was ever signed); run 'lfr audit head' and export again");
            if (later > 0)
                c.Output.Problem($"warning: {later} newer entr{(later == 1 ? "y is" : "ies are")} not signed yet and left for the next export; run 'lfr audit head' first to include {(later == 1 ? "it" : "them")}");
            return ExitCodes.Ok;
        });

        var folder = new Argument<string>("dir") { Description = "An export folder (from 'lfr audit export')" };
        var trustOptions = new TrustOptions();
        var verify = new Command("verify", "Verify an export offline against a key you already hold: every entry, signature, head, checkpoint and entry's content") { folder, Json };
        trustOptions.AddTo(verify);
        bind.Bind(verify, Uses.Nothing, c =>
        {
            var dir = c.Get(folder)!;
            var (result, note) = IagVerification.Verify(dir, trustOptions.Of(c));
            if (c.Get(Json))
                c.Output.Json(new { ok = result.Ok, entries = result.Entries, tree_heads = result.Heads, first_bad_entry = result.FirstBadEntry, problems = result.Problems, trust = note });
            else
            {
                if (note.Length > 0) c.Output.Line(note);
                if (result.Ok) c.Output.Line($"verified: {result.Entries} entries, {result.Heads} signed tree heads, all consistent");
            }
            if (!c.Get(Json) && !result.Ok)
            {
                c.Output.Line($"FAILED: {result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")}" + (result.FirstBadEntry is { } b ? $"; first bad entry: {b}" : ""));
                foreach (var p in result.Problems) c.Output.Line($"  - {SafeText.Escape(p)}");
            }
            if (result.Ok) return ExitCodes.Ok;
            // The verdict in one line on stderr, as every refusal is: the first problem, and how many there were.
            var more = result.Problems.Count > 1 ? $" (and {result.Problems.Count - 1} more, listed on standard output)" : "";
            c.Output.Problem($"error: {FileKind.Show(dir)}: the export does not verify: {result.Problems[0]}{more}");
            return ExitCodes.Rejected;
        });

        var entry = new Option<long>("--entry") { Description = "The entry's sequence number", Required = true }.Within(0, long.MaxValue);
        var prove = new Command("prove", "An inclusion proof for one entry against the latest signed tree head") { entry, Json };
        bind.Bind(prove, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var p = InclusionProof.For(db.Audit, c.Get(entry));
            if (c.Get(Json))
                c.Output.Json(new { entry = p.Entry, canonical = p.Canonical, leaf_hash = Convert.ToHexStringLower(p.LeafHash), tree_head = p.Head.ToJson().ToJsonString(),
                    audit_path = p.AuditPath.Select(Convert.ToHexStringLower), verified = p.Verified });
            else
            {
                c.Output.Line($"entry {p.Entry}: {p.Canonical}");
                c.Output.Line($"leaf hash {Convert.ToHexStringLower(p.LeafHash)}; tree head size {p.Head.TreeSize}, root {p.Head.RootHash}");
                for (int i = 0; i < p.AuditPath.Count; i++) c.Output.Line($"  path[{i}] {Convert.ToHexStringLower(p.AuditPath[i])}");
                c.Output.Line(p.Verified ? "inclusion verified" : "INCLUSION FAILED");
            }
            return p.Verified ? ExitCodes.Ok : ExitCodes.Rejected;
        });

        var count = new Option<int>("--entries") { Description = "How many entries to verify", DefaultValueFactory = _ => 1_000_000 }.Within(1, 50_000_000);
        var benchOut = new Option<string>("--out") { Description = "Where to write the result (JSON)", DefaultValueFactory = _ => "audit-bench.json" };
        var bench = new Command("bench", "Measure offline verification of a log of N entries (synthetic events, real hashing and signatures)") { count, benchOut };
        bind.Bind(bench, Uses.Nothing, c =>
        {
            var b = VerificationBenchmark.Run(c.Get(count));
            var json = new { date = c.Clock.GetUtcNow(), entries = b.Entries, tree_heads = b.TreeHeads, seconds = b.Seconds, entries_per_second = b.EntriesPerSecond, peak_working_set_mb = b.PeakWorkingSetMb };
            TextFiles.WriteAll(c.Get(benchOut)!, System.Text.Json.JsonSerializer.Serialize(json, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "benchmark result");
            c.Output.Line($"verified {b.Entries:N0} entries and {b.TreeHeads} signed heads in {b.Seconds:F1} s ({b.EntriesPerSecond:N0} entries/s); written to {Path.GetFullPath(c.Get(benchOut)!)}");
            return ExitCodes.Ok;
        });

        audit.Subcommands.Add(Witness(bind));
        var reportDir = new Argument<string>("dir") { Description = "An export folder (from 'lfr audit export')" };
        var reportOut = new Option<string>("--out") { Description = "The report file (HTML)", Required = true };
        var reportTrust = new TrustOptions();
        var report = new Command("report", "The IAG's report, from an export verified against a key you already hold: every entry accounted for") { reportDir, reportOut };
        reportTrust.AddTo(report);
        bind.Bind(report, Uses.Nothing, c =>
        {
            var dir = c.Get(reportDir)!;
            var review = IagReview.Of(dir, reportTrust.Of(c), c.Clock.GetUtcNow());
            var html = IagReport.Render(review.Entries, review.Verification, UseCases.Calendar, review.ReviewedAt, review.Trust);
            TextFiles.WriteAll(c.Get(reportOut)!, html, "IAG report");
            c.Output.Line($"report: {Path.GetFullPath(c.Get(reportOut)!)} ({(review.Verification.Ok ? "log verified" : "LOG DID NOT VERIFY")})");
            if (review.Verification.Ok) return ExitCodes.Ok;
            // As verify says it: the verdict in one line, naming the export and its first problem.
            c.Output.Problem($"error: {FileKind.Show(dir)}: the export does not verify: {review.Verification.Problems[0]}; the report says so and shows nothing else");
            return ExitCodes.Rejected;
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

    /// <summary>lfr audit witness: as the IAG, check an export extends the last head seen, then countersign it.</summary>
    private static Command Witness(CommandBinder bind)
    {
        var dir = new Argument<string>("dir") { Description = "A new export from the operator" };
        var state = new Option<string>("--state") { Description = "The IAG's own record of the last head it saw and the operator key it checks against (created on first use)", Required = true };
        var key = new Option<string>("--key") { Description = "The IAG's own signing key (from 'lfr audit keygen')", Required = true };
        var operatorKey = new Option<string>("--operator-key") { Description = "The operator's public key as the IAG holds it (not the export's copy)", Required = true };
        var cmd = new Command("witness", "As the IAG: check an export extends the last head seen, then countersign its latest head") { dir, state, key, operatorKey, Json };
        bind.Bind(cmd, Uses.Nothing, c =>
        {
            var outcome = AuditWitness.Witness(c.Get(dir)!, c.Get(state)!, c.Get(key)!, c.Get(operatorKey)!, c.Clock.GetUtcNow());
            if (outcome.Countersigned is not { } w)
            {
                // Not what the IAG saw grow (or not verified): a verification failure, like verify's.
                c.Output.Problem($"error: {outcome.Refusal}");
                return ExitCodes.Rejected;
            }
            if (c.Get(Json)) c.Output.Json(new { witnessed = true, tree_size = w.Head.TreeSize, root_hash = w.Head.RootHash, witness_key_id = w.WitnessKeyId });
            else c.Output.Line($"witnessed: head of size {w.Head.TreeSize} (root {w.Head.RootHash[..16]}…) extends what the IAG saw before; countersigned in {w.CosignaturePath}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
