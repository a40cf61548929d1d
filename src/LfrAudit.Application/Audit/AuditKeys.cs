using System.Security.Cryptography;
using LfrAudit.Core.Domain;

namespace LfrAudit.Application.Audit;

/// <summary>
/// The audit log's key files: an ECDSA P-256 private key in a PKCS#8 PEM file readable only by its owner, and
/// the public key (SubjectPublicKeyInfo PEM) the IAG holds.
/// </summary>
public static class AuditKeys
{
    public const string PrivateFile = "audit-signing-key.pem";
    public const string PublicFile = "audit-public-key.pem";

    public static ECDsa LoadPrivate(string path) => Load(path, "audit signing key", "create one with 'lfr audit keygen'");

    public static ECDsa LoadPublic(string path) => Load(path, "public key", "it comes with every 'lfr audit export'");

    private static ECDsa Load(string path, string what, string hint)
    {
        if (Core.Inputs.FileKind.Of(path) == Core.Inputs.FileKindOf.Missing) throw new LfrInputException($"{Core.Inputs.FileKind.Show(path)}: {what} not found ({hint})");
        var text = Core.Inputs.TextFiles.ReadAll(path, what);
        var key = ECDsa.Create();
        try { key.ImportFromPem(text); }
        catch (ArgumentException ex) { key.Dispose(); throw new LfrInputException($"{Core.Inputs.FileKind.Show(path)}: not a PEM {what}: {ex.Message}", ex); }
        return key;
    }

    /// <summary>Writes a new key pair; the private key file is created 0600 before a byte of it is written.</summary>
    public static (string Private, string Public) Generate(string folder, bool overwrite)
    {
        Core.Inputs.TextFiles.Folder(folder, "key folder");
        var priv = Path.Combine(folder, PrivateFile);
        var pub = Path.Combine(folder, PublicFile);
        if (File.Exists(priv) && !overwrite)
            throw new KeyAlreadyExistsException($"{priv}: a signing key already exists; a new key would orphan the signed heads, so replacing it must be asked for");
        if (OperatingSystem.IsWindows()) throw new LfrInputException("audit keygen: owner-only key files need a Unix file system");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var w = new StreamWriter(new FileStream(priv, options))) w.Write(key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(priv, UnixFileMode.UserRead | UnixFileMode.UserWrite); // also when an old file was replaced
        File.WriteAllText(pub, key.ExportSubjectPublicKeyInfoPem());
        return (priv, pub);
    }
}

/// <summary>A signing key is already there; replacing it must be asked for explicitly.</summary>
public sealed class KeyAlreadyExistsException(string message) : LfrInputException(message);
