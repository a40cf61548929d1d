using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Application.Audit;

/// <summary>An export's verdict and which key it was checked against, said as the reader should hear it.</summary>
public sealed record ExportVerification(VerificationResult Result, string TrustNote);

/// <summary>An export written: entries and heads in it, how many entries the latest head covers, and how many newer ones were left for the next.</summary>
public sealed record ExportWritten(string Dir, long Entries, int Heads, long Signed, long Later);

/// <summary>
/// What the IAG receives and checks: the entries (JSON Lines), the signed tree heads (JSON Lines) and the
/// operator's public key, written from a store's log and verified offline trusting nothing but a public key.
/// </summary>
public static class AuditExport
{
    /// <summary>The export's entries, one JSON line each, as the log holds them.</summary>
    public const string EntriesFile = "entries.jsonl";
    /// <summary>The export's signed tree heads, one JSON line each.</summary>
    public const string HeadsFile = "tree-heads.jsonl";

    /// <summary>The latest signed head as a C2SP tlog-checkpoint signed note, for third-party witnesses and verifiers.</summary>
    public const string CheckpointFile = "checkpoint";

    /// <summary>The note verifier key of the checkpoint (name+id+key), one line, as witnesses configure it.</summary>
    public const string VerifierKeyFile = "checkpoint.vkey";

    /// <summary>The checkpoint origin and key name of a log signed by <paramref name="key"/>: unique per signing key, never resolvable.</summary>
    public static string CheckpointOrigin(ECDsa key) => $"{Checkpoint.OriginHost}/{TreeHead.KeyIdOf(key)}";

    /// <summary>
    /// Writes what the IAG receives: the entries the latest signed tree head covers, the heads and the operator's
    /// public key, so an export verifies even while a service goes on recording. Writing an export never signs:
    /// entries recorded after the latest head are left for the next export (<see cref="ExportWritten.Later"/>). A log
    /// with no head at all is exported whole, for the verifier to report unsigned.
    /// </summary>
    public static ExportWritten Write(IAuditLog log, string folder, ECDsa signingKey)
    {
        var dir = OutputFolder.At(folder, "export folder", "audit export");
        // Heads first: the log only grows, so every head read now covers entries that are there when they are read next.
        var heads = log.Heads();
        var all = log.Entries().ToList();
        var entries = heads.Count == 0 ? all : all.Take((int)heads[^1].TreeSize).ToList();
        var files = new List<(string Name, string Content)> { (AuditKeys.PublicFile, signingKey.ExportSubjectPublicKeyInfoPem()) };
        if (heads.Count > 0)
        {
            var origin = CheckpointOrigin(signingKey);
            files.Add((CheckpointFile, Checkpoint.For(origin, heads[^1]).Sign(signingKey, origin)));
            files.Add((VerifierKeyFile, Checkpoint.VerifierKey(signingKey, origin) + "\n"));
        }
        // Every name is checked for links before any file is written (OutputFolder says why links are refused).
        dir.CheckAll(files.Select(f => f.Name).Concat([EntriesFile, HeadsFile, CheckpointFile]));
        dir.WriteLines(EntriesFile, entries);
        dir.WriteLines(HeadsFile, heads.Select(h => CanonicalJson.EncodeToString(h.ToJson())));
        foreach (var (name, content) in files) dir.Write(name, content);
        if (heads.Count == 0) dir.Delete(CheckpointFile);
        return new ExportWritten(dir.Path, entries.Count, heads.Count, heads.Count == 0 ? 0 : heads[^1].TreeSize, all.Count - entries.Count);
    }

    /// <summary>
    /// Reads an export's entry lines and tree-head lines as they are (a malformed line is for the verifier to
    /// locate); only a missing folder or file, or one that is not a regular file, is an error here.
    /// </summary>
    public static (List<string> Entries, List<string> HeadLines) Read(string dir)
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

    // A missing file reads as empty, which the verifier reports (no entries, or nothing signed); a FIFO or device is refused
    // before it is opened (it would block). The lines are read bounded and as they are, empty ones and bytes that are not
    // UTF-8 included, so the verifier names them by their line in the file.
    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path) && FileKind.Of(path) == FileKindOf.Missing) return [];
        FileKind.RequireRegularFile(path, "export file");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return ExportLines.Read(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LfrInputException($"{FileKind.Show(path)}: cannot read the export file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Verifies an export. A public key the IAG names (--public-key) must be readable (else exit 3); the export's
    /// own copy is part of what is verified, so a damaged copy (empty, garbage, too large, a folder, a FIFO) is a
    /// verification failure naming it, not an error. Whatever the files hold, the result is a verdict, never an exception.
    /// </summary>
    public static ExportVerification Verify(string dir, ExportTrust trust)
    {
        var (entries, heads) = Read(dir);
        using var decision = trust.Decide(dir);
        if (decision.Key is not { } key)
            return new ExportVerification(new VerificationResult(entries.Count, heads.Count, [decision.KeyProblem!], null), decision.Note);
        var result = LogVerifier.Verify(entries, heads, key);
        if (result.Ok) result = Contents(result, entries);
        if (result.Ok) result = CheckpointOf(dir, result, heads, key);
        return new ExportVerification(result, decision.Note);
    }

    // Signed and chained, the entries must also say something possible: each read as its type's event, consistent with those before it.
    private static VerificationResult Contents(VerificationResult result, List<string> lines)
    {
        var entries = new List<AuditEntry>(lines.Count);
        foreach (var line in lines) if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
        var reading = LogContents.Read(entries);
        return reading.Ok ? result : result with { Problems = reading.Problems, FirstBadEntry = reading.FirstBadEntry };
    }

    // The checkpoint, where the export has one, must be the latest head's, signed by the same key.
    private static VerificationResult CheckpointOf(string dir, VerificationResult result, List<string> headLines, ECDsa key)
    {
        var path = Path.Combine(dir, CheckpointFile);
        if (FileKind.Of(path) == FileKindOf.Missing) return result;
        string problem;
        try
        {
            FileKind.RequireRegularFile(path, "checkpoint");
            var note = TextFiles.ReadAll(path, "checkpoint");
            var latest = ParsedHeads(headLines).LastOrDefault();
            var origin = CheckpointOrigin(key);
            if (!Checkpoint.Verify(note, key, origin, out var c, out var why)) problem = $"the checkpoint does not verify with the trusted key: {why}";
            else if (latest is null || c!.TreeSize != latest.TreeSize || Convert.ToHexStringLower(c.RootHash) != latest.RootHash)
                problem = $"the checkpoint (size {c!.TreeSize}) is not the latest signed tree head's";
            else return result;
        }
        catch (LfrInputException ex) { problem = $"the checkpoint: {ex.Message}"; }
        return result with { Problems = [problem] };
    }
}
