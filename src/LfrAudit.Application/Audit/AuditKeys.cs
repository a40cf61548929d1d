using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Application.Audit;

/// <summary>
/// The audit log's key files: an ECDSA P-256 private key in a PKCS#8 PEM file readable only by its owner, and
/// the public key (SubjectPublicKeyInfo PEM) the IAG holds.
/// </summary>
public static class AuditKeys
{
    /// <summary>The operator's signing key file: kept by the force, never exported.</summary>
    public const string PrivateFile = "audit-signing-key.pem";
    /// <summary>The public key the IAG verifies heads with.</summary>
    public const string PublicFile = "audit-public-key.pem";

    /// <summary>The signing key at <paramref name="path"/>; a missing or unreadable one is refused, saying how to make one.</summary>
    public static ECDsa LoadPrivate(string path) => Load(path, "audit signing key", "create one with 'lfr audit keygen'");

    /// <summary>Far more than a PEM public key needs (about 180 bytes for P-256); a larger file is refused unread.</summary>
    public const long MaxPublicKeyBytes = 64 * 1024;

    /// <summary>
    /// An ECDSA P-256 public key from a PEM file. Anything else — missing, not a regular file (a FIFO would block),
    /// empty, too large, not PEM, another kind of key or curve — is one line naming the file and what is wrong.
    /// </summary>
    public static ECDsa LoadPublic(string path)
    {
        const string what = "public key";
        if (FileKind.Of(path) == FileKindOf.Missing) throw new LfrInputException($"{FileKind.Show(path)}: {what} not found (it comes with every 'lfr audit export')");
        FileKind.RequireRegularFile(path, what);
        long length;
        try { length = new FileInfo(path).Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{FileKind.Show(path)}: cannot read the {what}: {ex.Message}", ex); }
        if (length == 0) throw new LfrInputException($"{FileKind.Show(path)}: the {what} file is empty");
        if (length > MaxPublicKeyBytes)
            throw new LfrInputException($"{FileKind.Show(path)}: {length:N0} bytes, too large for a PEM {what} (at most {MaxPublicKeyBytes:N0})");
        var text = TextFiles.ReadAll(path, what);
        var key = ECDsa.Create();
        try { key.ImportFromPem(text); }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            // .NET's own words for a bad PEM are one sentence, sometimes with a parameter name after it.
            var reason = ex.Message.Split(" (Parameter", 2)[0].Split('\n')[0].TrimEnd('.');
            throw new LfrInputException($"{FileKind.Show(path)}: not a PEM ECDSA {what}: {reason}", ex);
        }
        int bits = key.KeySize;
        if (bits == 256) return key;
        key.Dispose();
        throw new LfrInputException($"{FileKind.Show(path)}: an ECDSA {what} of {bits} bits, where the audit log's keys are P-256");
    }

    private static ECDsa Load(string path, string what, string hint)
    {
        if (FileKind.Of(path) == FileKindOf.Missing) throw new LfrInputException($"{FileKind.Show(path)}: {what} not found ({hint})");
        var text = TextFiles.ReadAll(path, what);
        var key = ECDsa.Create();
        try { key.ImportFromPem(text); }
        catch (ArgumentException ex) { key.Dispose(); throw new LfrInputException($"{FileKind.Show(path)}: not a PEM {what}: {ex.Message}", ex); }
        return key;
    }

    /// <summary>
    /// Writes a new key pair, whole or not at all. Both files are written to temporary files first (the private one
    /// 0600 from its creation, so no byte of it is ever readable by others) and flushed to the disk, then renamed into
    /// place: a full disk or a crash leaves the folder as it was, never an empty or partial key that would block every
    /// later keygen. An existing key is replaced only when asked, and a link in the key's place is refused, never followed.
    /// </summary>
    public static (string Private, string Public) Generate(string folder, bool overwrite)
    {
        var keys = OutputFolder.At(folder, "key folder", "audit key");
        var priv = Path.Combine(folder, PrivateFile);
        var pub = Path.Combine(folder, PublicFile);
        keys.CheckAll([PrivateFile, PublicFile]);
        if (Links.EntryExists(priv) && !overwrite) throw AlreadyThere(priv);
        if (OperatingSystem.IsWindows()) throw new LfrInputException("audit keygen: owner-only key files need a Unix file system");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem());
        StagedFile privateFile;
        try { privateFile = StagedFile.Write(keys.Check(PrivateFile), secret, "audit signing key", UnixFileMode.UserRead | UnixFileMode.UserWrite); }
        finally { CryptographicOperations.ZeroMemory(secret); } // no copy of the key lingers in this buffer
        using var _ = privateFile;
        using var publicFile = StagedFile.Write(keys.Check(PublicFile), Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem()), "audit public key");
        // The private key first: without --force, another keygen that got there meanwhile wins, and our public key is not put beside its key.
        try { privateFile.Commit(replace: overwrite); }
        catch (LfrInputException) when (!overwrite && Links.EntryExists(priv)) { throw AlreadyThere(priv); }
        publicFile.Commit();
        return (priv, pub);
    }

    private static KeyAlreadyExistsException AlreadyThere(string priv) =>
        new($"{priv}: a signing key already exists; a new key would orphan the signed heads, so replacing it must be asked for");
}

/// <summary>A signing key is already there; replacing it must be asked for explicitly.</summary>
public sealed class KeyAlreadyExistsException(string message) : LfrInputException(message);
