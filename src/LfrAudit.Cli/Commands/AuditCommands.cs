using System.CommandLine;
using System.Text.Json.Nodes;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Storage.Sqlite;

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
            using var db = c.OpenDatabase();
            var dir = Directory.CreateDirectory(Path.GetFullPath(c.Get(exportOut)!)).FullName;
            File.WriteAllLines(Path.Combine(dir, EntriesFile), db.Audit.Entries());
            File.WriteAllLines(Path.Combine(dir, HeadsFile), db.Audit.Heads().Select(h => CanonicalJson.EncodeToString(h.ToJson())));
            var keyPath = AuditKeys.Locate(c.Parse, c.DatabasePath) ?? throw new LfrInputException("no audit signing key to export a public key from: 'lfr audit keygen'");
            using (var key = AuditKeys.LoadPrivate(keyPath)) File.WriteAllText(Path.Combine(dir, AuditKeys.PublicFile), key.ExportSubjectPublicKeyInfoPem());
            c.Output.Line($"exported {db.Audit.Size} entries and {db.Audit.Heads().Count} signed tree heads to {dir}");
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

        var entry = new Option<long>("--entry") { Description = "The entry's sequence number", Required = true };
        var prove = new Command("prove", "An inclusion proof for one entry against the latest signed tree head") { entry, Json };
        bind.Bind(prove, c =>
        {
            using var db = c.OpenDatabase();
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

        audit.Subcommands.Add(keygen);
        audit.Subcommands.Add(head);
        audit.Subcommands.Add(export);
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(prove);
        return audit;
    }

    public static VerificationResult VerifyExport(string dir, string? publicKeyPath)
    {
        var entries = Path.Combine(dir, EntriesFile);
        var heads = Path.Combine(dir, HeadsFile);
        if (!File.Exists(entries)) throw new LfrInputException($"{entries}: not found (is {dir} an 'lfr audit export' folder?)");
        if (!File.Exists(heads)) throw new LfrInputException($"{heads}: not found");
        using var key = AuditKeys.LoadPublic(publicKeyPath ?? Path.Combine(dir, AuditKeys.PublicFile));
        var parsedHeads = new List<TreeHead>();
        foreach (var (line, i) in File.ReadAllLines(heads).Select((l, i) => (l, i)).Where(x => x.l.Length > 0))
        {
            try { parsedHeads.Add(TreeHead.FromJson(JsonNode.Parse(line)!.AsObject())); }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or FormatException)
            { throw new LfrInputException($"{heads}:{i + 1}: not a tree head"); }
        }
        return LogVerifier.Verify(File.ReadAllLines(entries).Where(l => l.Length > 0).ToList(), parsedHeads, key);
    }
}
