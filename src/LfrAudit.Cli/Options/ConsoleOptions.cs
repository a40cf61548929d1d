using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Web;

namespace LfrAudit.Cli.Options;

/// <summary>The options that start the operators' console (lfr console, lfr serve --console).</summary>
internal static class ConsoleOptions
{
    public static Option<string?> ImagesRoot => new("--images-root") { Description = "The folder the watchlist's reference images were enrolled from (shown beside each alert)" };
    // Not --site: that global option names the site this machine records for.
    public static Option<string?> PublicSite => new("--public-site") { Description = "A public site folder ('lfr publish site') to serve to anyone under /site/" };
    public static Option<string?> Certificate => new("--certificate") { Description = "A .pfx certificate for HTTPS (with an https:// address; default: console.certificate in lfr.yaml)" };
    public static Option<string?> CertificatePasswordEnv => new("--certificate-password-env") { Description = "The environment variable holding the certificate's password (default: console.certificate_password_env in lfr.yaml)" };
    public static Option<string?> Exports => new("--exports") { Description = "A folder of audit exports the IAG page offers; exports uploaded or exported from the page are written there (created if missing)" };
    public static Option<string?> Webhook => new("--webhook") { Description = "POST each alert raised, decided or given an outcome to this URL (signed; needs --webhook-secret-file)" };
    public static Option<string?> WebhookSecretFile => new("--webhook-secret-file") { Description = "A file holding the secret the webhook's bodies are signed with (HMAC-SHA256), shared with its receiver" };
    public static Option<string?> Mqtt => new("--mqtt") { Description = "Publish each alert raised, decided or given an outcome to this MQTT broker, e.g. mqtt://127.0.0.1:1883" };
    public static Option<string?> IagPublicKey => new("--iag-public-key") { Description = "The operator's public key the IAG page verifies exports against (default: the key of the store served)" };

    public static void AddTo(Command command)
    {
        command.Options.Add(ImagesRoot);
        command.Options.Add(PublicSite);
        command.Options.Add(Certificate);
        command.Options.Add(CertificatePasswordEnv);
        command.Options.Add(IagPublicKey);
        command.Options.Add(Exports);
        command.Options.Add(Webhook);
        command.Options.Add(WebhookSecretFile);
        command.Options.Add(Mqtt);
    }

    // A URL as a message may show it: whatever stands before an @ (a user name, a password) is left out.
    private static string Redacted(string url) =>
        url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 && url.IndexOf('@', scheme) is var at and > 0
            ? url[..(scheme + 3)] + "…@" + url[(at + 1)..] : url;

    /// <summary>Whether any option that only the console uses was given (lfr serve without --console refuses them).</summary>
    public static string? ConsoleOnlyGiven(CommandContext c) =>
        new (Option Option, bool Given)[] { (Webhook, c.Get(Webhook) is not null), (WebhookSecretFile, c.Get(WebhookSecretFile) is not null), (Mqtt, c.Get(Mqtt) is not null),
            (Exports, c.Get(Exports) is not null), (ImagesRoot, c.Get(ImagesRoot) is not null), (PublicSite, c.Get(PublicSite) is not null) }
            .FirstOrDefault(o => o.Given).Option?.Name;

    // Outbound events' destinations, each checked before anything starts: one line naming the value and what is wrong.
    private static (Uri? Webhook, byte[]? Secret, Uri? Broker) EventDestinations(CommandContext c)
    {
        Uri? webhook = null, broker = null;
        byte[]? secret = null;
        if (c.Get(Webhook) is { } w)
        {
            if (!Uri.TryCreate(w, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps) || webhook.UserInfo.Length > 0)
                throw new LfrInputException($"webhook '{SafeText.Escape(Redacted(w))}' is not valid: give an http:// or https:// URL without a user name or password in it");
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
            throw new LfrInputException($"MQTT broker '{SafeText.Escape(Redacted(m))}' is not valid: give mqtt://HOST:PORT, e.g. mqtt://127.0.0.1:1883");
        // A user name and password would be dropped (the broker is used anonymously): refused rather than ignored.
        if (broker is { UserInfo.Length: > 0 })
            throw new LfrInputException($"MQTT broker mqtt://{broker.Host}:{broker.Port}: a user name or password is not supported; give mqtt://HOST:PORT of a broker that takes anonymous clients on this network");
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
        var certificate = c.Get(Certificate) ?? c.Configuration.ConsoleCertificate;
        var passwordEnv = c.Get(CertificatePasswordEnv) ?? c.Configuration.ConsoleCertificatePasswordEnv;
        if (passwordEnv is { } passwordVariable && Environment.GetEnvironmentVariable(passwordVariable) is null)
            throw new LfrInputException($"the certificate's password variable '{SafeText.Escape(passwordVariable)}' is not set in the environment");
        if (c.Get(ImagesRoot) is { } root && FileKind.Of(root) != FileKindOf.Directory)
            throw new LfrInputException($"{FileKind.Show(root)}: the images root is not a folder");
        if (c.Get(PublicSite) is { } site && FileKind.Of(site) != FileKindOf.Directory)
            throw new LfrInputException($"{FileKind.Show(site)}: the public site is not a folder (write one with 'lfr publish site --out DIR')");
        // The key the IAG page trusts: one handed over, else the public half of the key that signs this store's log.
        string? pem = null, source = "";
        if (c.Get(IagPublicKey) is { } given)
        {
            using var k = Application.Audit.AuditKeys.LoadPublic(given);
            (pem, source) = (k.ExportSubjectPublicKeyInfoPem(), $"the operator key given to this console ({FileKind.Show(given)})");
        }
        else if (AuditKeyOption.Locate(c, c.Store) is { } signing)
        {
            using var k = Application.Audit.AuditKeys.LoadPrivate(signing);
            (pem, source) = (k.ExportSubjectPublicKeyInfoPem(), "the key that signs this console's own store");
        }
        var (webhook, secret, broker) = EventDestinations(c);
        var exports = c.Get(Exports);
        if (exports is not null)
        {
            if (FileKind.Of(exports) == FileKindOf.Missing && Path.GetDirectoryName(Path.GetFullPath(exports)) is { } parent && FileKind.Of(parent) == FileKindOf.Directory)
                Directory.CreateDirectory(exports);
            if (FileKind.Of(exports) != FileKindOf.Directory)
                throw new LfrInputException($"{FileKind.Show(exports)}: the exports folder is not a folder (nor can one be made there)");
        }
        return new ConsoleSettings
        {
            ExportsFolder = exports is null ? null : Path.GetFullPath(exports),
            Webhook = webhook,
            WebhookSecret = secret,
            MqttBroker = broker,
            TrustedAuditKeyPem = pem,
            TrustedAuditKeySource = source,
            Listen = uri,
            ImagesRoot = c.Get(ImagesRoot),
            PublicSite = c.Get(PublicSite),
            CertificateFile = certificate,
            CertificatePassword = passwordEnv is { } env ? Environment.GetEnvironmentVariable(env) : null,
            Log = c.Log,
        };
    }
}
