namespace LfrAudit.Web;

/// <summary>Where the console listens and how: loopback unless told otherwise; HTTPS when a certificate is given.</summary>
public sealed record ConsoleSettings
{
    /// <summary>The address to listen on, e.g. http://127.0.0.1:8080 (https://… needs a certificate).</summary>
    public Uri Listen { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>A PKCS#12 (.pfx) certificate and its password, for HTTPS.</summary>
    public string? CertificateFile { get; init; }
    /// <summary>The password of the console's TLS certificate file, if it has one.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Where the watchlist's reference images are (the enrolment's images root), to show beside each alert.</summary>
    public string? ImagesRoot { get; init; }

    /// <summary>The public site ('lfr publish site'), served to anyone under /site/: notices and outcome reports are public.</summary>
    public string? PublicSite { get; init; }

    /// <summary>
    /// The operator's public key (PEM) the IAG page verifies exports against: the key of the store the console serves, or
    /// one the IAG handed over (--iag-public-key). Null: the page refuses to verify, rather than trust an export's own key.
    /// </summary>
    public string? TrustedAuditKeyPem { get; init; }

    /// <summary>Where <see cref="TrustedAuditKeyPem"/> came from, as the report says it.</summary>
    public string TrustedAuditKeySource { get; init; } = "";

    /// <summary>
    /// The largest export the IAG page reviews (its entries file): a review holds the whole export in memory, about ten
    /// times its size (187 MB took 34 s and 1.8 GB), and the page reviews one export at a time. Larger ones are reviewed
    /// with 'lfr audit report', which is not sharing a van's machine with cameras.
    /// </summary>
    public long MaxReviewBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A signed-in session ends after this long without a request.</summary>
    public TimeSpan SessionIdleLimit { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Where the console logs (Serilog): each request answered (method, path without its query, status, time, the signed-in
    /// user) and each failure with its exception. Null: nowhere. Never a body, a cookie or an image.
    /// </summary>
    public Serilog.ILogger? Log { get; init; }

    /// <summary>
    /// The folder of audit exports the IAG page offers (each a folder 'lfr audit export' wrote, or one uploaded or exported
    /// from the page, which are written here); null: none, and the page takes a typed folder only.
    /// </summary>
    public string? ExportsFolder { get; init; }

    /// <summary>Where alerts raised, decided and given an outcome are POSTed, signed with <see cref="WebhookSecret"/> (null: nowhere).</summary>
    public Uri? Webhook { get; init; }

    /// <summary>The secret the webhook's bodies are signed with (HMAC-SHA256), shared with its receiver.</summary>
    public byte[]? WebhookSecret { get; init; }

    /// <summary>The MQTT broker events are published to (mqtt://HOST:PORT; null: none).</summary>
    public Uri? MqttBroker { get; init; }

    /// <summary>The first level of the MQTT topics events are published on.</summary>
    public string MqttTopicPrefix { get; init; } = "lfraudit";

    /// <summary>How long an alert stream may go without an event before it sends a keep-alive one.</summary>
    public TimeSpan StreamKeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
