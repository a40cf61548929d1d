using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Web;

namespace LfrAudit.Cli.Options;

/// <summary>The options that start the operators' console (lfr console, lfr serve --console).</summary>
internal static class ConsoleOptions
{
    public static readonly Option<string?> ImagesRoot = new("--images-root") { Description = "The folder the watchlist's reference images were enrolled from (shown beside each alert)" };
    public static readonly Option<string?> Site = new("--site") { Description = "A public site folder ('lfr publish site') to serve to anyone under /site/" };
    public static readonly Option<string?> Certificate = new("--certificate") { Description = "A .pfx certificate for HTTPS (with an https:// address)" };
    public static readonly Option<string?> CertificatePasswordEnv = new("--certificate-password-env") { Description = "The environment variable holding the certificate's password" };
    public static readonly Option<string?> IagPublicKey = new("--iag-public-key") { Description = "The operator's public key the IAG page verifies exports against (default: the key of the store served)" };

    public static void AddTo(Command command)
    {
        command.Options.Add(ImagesRoot);
        command.Options.Add(Site);
        command.Options.Add(Certificate);
        command.Options.Add(CertificatePasswordEnv);
        command.Options.Add(IagPublicKey);
    }

    private static bool IsMulticast(System.Net.IPAddress ip) =>
        ip.IsIPv6Multicast || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ip.GetAddressBytes()[0] is >= 224 and <= 239);

    public static ConsoleSettings Settings(CommandContext c, string listen)
    {
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !(uri.Host == "localhost" || System.Net.IPAddress.TryParse(uri.Host, out _)))
            throw new LfrInputException($"console address '{SafeText.Escape(listen)}' is not valid: give http://IP:PORT or https://IP:PORT, e.g. http://127.0.0.1:8080");
        if (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (IsMulticast(ip) || ip.Equals(System.Net.IPAddress.Broadcast)))
            throw new LfrInputException($"console address '{SafeText.Escape(listen)}' is a multicast or broadcast address, which no browser connects to: give this machine's address or 0.0.0.0");
        if (c.Get(CertificatePasswordEnv) is { } passwordVariable && Environment.GetEnvironmentVariable(passwordVariable) is null)
            throw new LfrInputException($"the certificate's password variable '{SafeText.Escape(passwordVariable)}' is not set in the environment");
        if (c.Get(ImagesRoot) is { } root && FileKind.Of(root) != FileKindOf.Directory)
            throw new LfrInputException($"{FileKind.Show(root)}: the images root is not a folder");
        if (c.Get(Site) is { } site && FileKind.Of(site) != FileKindOf.Directory)
            throw new LfrInputException($"{FileKind.Show(site)}: the public site is not a folder (write one with 'lfr publish site --out DIR')");
        // The key the IAG page trusts: one handed over, else the public half of the key that signs this store's log.
        string? pem = null, source = "";
        if (c.Get(IagPublicKey) is { } given)
        {
            using var k = Application.Audit.AuditKeys.LoadPublic(given);
            (pem, source) = (k.ExportSubjectPublicKeyInfoPem(), $"the operator key given to this console ({FileKind.Show(given)})");
        }
        else if (AuditKeyOption.Locate(c.Parse, c.Store) is { } signing)
        {
            using var k = Application.Audit.AuditKeys.LoadPrivate(signing);
            (pem, source) = (k.ExportSubjectPublicKeyInfoPem(), "the key that signs this console's own store");
        }
        return new ConsoleSettings
        {
            TrustedAuditKeyPem = pem,
            TrustedAuditKeySource = source,
            Listen = uri,
            ImagesRoot = c.Get(ImagesRoot),
            PublicSite = c.Get(Site),
            CertificateFile = c.Get(Certificate),
            CertificatePassword = c.Get(CertificatePasswordEnv) is { } env ? Environment.GetEnvironmentVariable(env) : null,
            Log = c.Log,
        };
    }
}
