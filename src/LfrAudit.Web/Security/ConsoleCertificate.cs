using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Web.Security;

/// <summary>
/// The HTTPS certificate, read and checked before the server starts, so that whatever is wrong with it is one line
/// naming the file (exit 3) rather than a stack trace from deep in the server: not there, not a regular file (a FIFO
/// would block the read for ever), too large to be a certificate, not PKCS#12 or the wrong password, no private key,
/// expired or not valid yet. An expired certificate is refused rather than served: every browser would warn, and a van
/// crew taught to click through a certificate warning will click through the one an attacker shows them.
/// </summary>
internal static class ConsoleCertificate
{
    /// <summary>A .pfx with a chain is a few KiB; anything this large is not one.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>How long before its end a certificate is said to be about to expire, each time the console starts.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    /// <param name="now">The console's clock: a certificate must be valid now.</param>
    public static X509Certificate2 Load(string file, string? password, DateTimeOffset now)
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
        var (from, until) = ValidityOf(certificate);
        if (now >= until || now < from)
        {
            certificate.Dispose();
            throw new LfrInputException(now >= until
                ? $"{shown}: the certificate expired on {until:yyyy-MM-dd HH:mm} UTC: browsers would warn of it, so it is not served; give a current one"
                : $"{shown}: the certificate is not valid until {from:yyyy-MM-dd HH:mm} UTC: give one valid now");
        }
        return certificate;
    }

    /// <summary>When the certificate ends, if that is within <see cref="ExpiryWarning"/> of now: worth a warning at start.</summary>
    public static DateTimeOffset? EndsSoon(X509Certificate2 certificate, DateTimeOffset now) =>
        ValidityOf(certificate).Until is var until && until - now <= ExpiryWarning ? until : null;

    // X509Certificate2 gives its dates in local time as DateTime; the console reasons in UTC.
    private static (DateTimeOffset From, DateTimeOffset Until) ValidityOf(X509Certificate2 certificate) =>
        (new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
}
