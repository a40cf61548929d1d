using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;

namespace LfrAudit.Web.Security;

/// <summary>
/// The HTTPS certificate, read and checked before the server starts, so that whatever is wrong with it is one line
/// naming the file (exit 3) rather than a stack trace from deep in the server: not there, not a regular file (a FIFO
/// would block the read for ever), too large to be a certificate, not PKCS#12 or the wrong password, or no private key.
/// </summary>
public static class ConsoleCertificate
{
    /// <summary>A .pfx with a chain is a few KiB; anything this large is not one.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static X509Certificate2 Load(string file, string? password)
    {
        FileKind.RequireRegularFile(file, "the HTTPS certificate");
        var shown = FileKind.Show(file);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxBytes) throw new LfrInputException($"{shown}: the HTTPS certificate is {stream.Length} bytes, more than a certificate ever is ({MaxBytes}): give the .pfx file");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LfrInputException($"{shown}: the HTTPS certificate cannot be read ({e.Message})");
        }
        X509Certificate2 certificate;
        try { certificate = X509CertificateLoader.LoadPkcs12(bytes, password); }
        catch (NotSupportedException)
        {
            throw new LfrInputException($"{shown}: the certificate's key is of a kind HTTPS here cannot use: give an RSA or ECDSA certificate");
        }
        catch (CryptographicException)
        {
            throw new LfrInputException($"{shown}: not a PKCS#12 (.pfx) certificate, or its password is wrong{(password is null ? " (none was given: --certificate-password-env NAME)" : "")}");
        }
        bool usable = false;
        try
        {
            using var rsa = certificate.GetRSAPrivateKey();
            using var ecdsa = rsa is null ? certificate.GetECDsaPrivateKey() : null;
            usable = rsa is not null || ecdsa is not null;
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException) { }
        if (certificate.HasPrivateKey && !usable)
        {
            certificate.Dispose();
            throw new LfrInputException($"{shown}: the certificate's key is of a kind HTTPS here cannot use: give an RSA or ECDSA certificate");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new LfrInputException($"{shown}: the certificate has no private key, so it cannot serve HTTPS: export it with its key");
        }
        return certificate;
    }
}
