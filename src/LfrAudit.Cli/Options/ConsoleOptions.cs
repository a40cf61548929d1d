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
    public static readonly Option<string?> Webhook = new("--webhook") { Description = "POST each alert raised, decided or given an outcome to this URL (signed; needs --webhook-secret-file)" };
    public static readonly Option<string?> WebhookSecretFile = new("--webhook-secret-file") { Description = "A file holding the secret the webhook's bodies are signed with (HMAC-SHA256), shared with its receiver" };
    public static readonly Option<string?> Mqtt = new("--mqtt") { Description = "Publish each alert raised, decided or given an outcome to this MQTT broker, e.g. mqtt://127.0.0.1:1883" };
    public static readonly Option<string?> IagPublicKey = new("--iag-public-key") { Description = "The operator's public key the IAG page verifies exports against (default: the key of the store served)" };

    public static void AddTo(Command command)
    {
        command.Options.Add(ImagesRoot);
        command.Options.Add(Site);
        command.Options.Add(Certificate);
        command.Options.Add(CertificatePasswordEnv);
        command.Options.Add(IagPublicKey);
        command.Options.Add(Webhook);
        command.Options.Add(WebhookSecretFile);
        command.Options.Add(Mqtt);
    }

    // Outbound events' destinations, each checked before anything starts: one line naming the value and what is wrong.
    private static (Uri? Webhook, byte[]? Secret, Uri? Broker) EventDestinations(CommandContext c)
    {
        Uri? webhook = null, broker = null;
        byte[]? secret = null;
        if (c.Get(Webhook) is { } w)
        {
            if (!Uri.TryCreate(w, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps) || webhook.UserInfo.Length > 0)
                throw new LfrInputException($"webhook '{SafeText.Escape(w)}' is not valid: give an http:// or https:// URL without a user name or password in it");
            if (c.Get(WebhookSecretFile) is not { } file)
                throw new LfrInputException($"webhook {webhook.GetLeftPart(UriPartial.Path)}: give the secret its bodies are signed with (--webhook-secret-file FILE)");
            if (FileKind.Of(file) != FileKindOf.Regular)
                throw new LfrInputException($"{FileKind.Show(file)}: the webhook's secret is not a regular file");
            if (new FileInfo(file).Length is < 16 or > 4096)
                throw new LfrInputException($"{FileKind.Show(file)}: the webhook's secret must be 16 to 4,096 bytes (it is {new FileInfo(file).Length:N0})");
            secret = File.ReadAllBytes(file);
        }
        else if (c.Get(WebhookSecretFile) is not null)
            throw new LfrInputException("--webhook-secret-file is given without --webhook: give the URL the events go to");
        if (c.Get(Mqtt) is { } m && (!Uri.TryCreate(m, UriKind.Absolute, out broker) || broker.Scheme != "mqtt" || broker.Host.Length == 0 || broker.AbsolutePath is not ("" or "/")))
            throw new LfrInputException($"MQTT broker '{SafeText.Escape(m)}' is not valid: give mqtt://HOST:PORT, e.g. mqtt://127.0.0.1:1883");
        return (webhook, secret, broker);
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
        var (webhook, secret, broker) = EventDestinations(c);
        return new ConsoleSettings
        {
            Webhook = webhook,
            WebhookSecret = secret,
            MqttBroker = broker,
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
