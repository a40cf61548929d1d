using System.Security.Cryptography;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Audit;

/// <summary>An export as written: where, how many entries and heads, and how many entries the latest signed head covers.</summary>
/// <summary>An export written: entries and heads in it, how many entries the latest head covers, and how many newer ones were left for the next.</summary>
public sealed record ExportWritten(string Dir, long Entries, int Heads, long Signed, long Later);

/// <summary>
/// What the IAG receives and checks: the entries (JSON Lines), the signed tree heads (JSON Lines) and the
/// operator's public key, written from a store's log and verified offline trusting nothing but a public key.
/// </summary>
public static class AuditExport
{
    public const string EntriesFile = "entries.jsonl";
    public const string HeadsFile = "tree-heads.jsonl";

    /// <summary>
    /// Writes what the IAG receives: the entries the latest signed tree head covers, the heads and the operator's
    /// public key, so an export verifies even while a service goes on recording. Writing an export never signs:
    /// entries recorded after the latest head are left for the next export (<see cref="ExportWritten.Later"/>). A log
    /// with no head at all is exported whole, for the verifier to report unsigned.
    /// </summary>
    public static ExportWritten Write(IAuditLog log, string folder, ECDsa signingKey)
    {
        var dir = TextFiles.Folder(folder, "export folder");
        // Heads first: the log only grows, so every head read now covers entries that are there when they are read next.
        var heads = log.Heads();
        var all = log.Entries().ToList();
        var entries = heads.Count == 0 ? all : all.Take((int)heads[^1].TreeSize).ToList();
        File.WriteAllLines(Path.Combine(dir, EntriesFile), entries);
        File.WriteAllLines(Path.Combine(dir, HeadsFile), heads.Select(h => CanonicalJson.EncodeToString(h.ToJson())));
        File.WriteAllText(Path.Combine(dir, AuditKeys.PublicFile), signingKey.ExportSubjectPublicKeyInfoPem());
        return new ExportWritten(dir, entries.Count, heads.Count, heads.Count == 0 ? 0 : heads[^1].TreeSize, all.Count - entries.Count);
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
    public static VerificationResult Verify(string dir, string? publicKeyPath)
    {
        var (entries, heads) = Read(dir);
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
