using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LfrAudit.Application.Events;

namespace LfrAudit.Web.Events;

/// <summary>
/// Events POSTed as JSON to a receiver's URL, signed so it can tell them from forgeries: HMAC-SHA256 with the shared
/// secret over the timestamp, a full stop and the body (<see cref="Signature"/>), sent as
/// <c>X-LfrAudit-Signature: sha256=HEX</c> beside <c>X-LfrAudit-Timestamp</c> (Unix seconds, so a receiver can refuse a
/// replay) and <c>X-LfrAudit-Event</c>. Any status but 2xx is a failure (a redirect too: it is not followed). The
/// timestamp is the console's one clock (a simulation's under --now, which a receiver checking replays against real
/// time will refuse, as it should). Logs name the receiver's scheme and host only (a webhook's path is often its secret).
/// </summary>
internal sealed class WebhookSink(HttpClient http, Uri url, byte[] secret, TimeProvider clock) : IEventSink
{
    /// <summary>
    /// The sink as the console uses it: redirects not followed (a signed body goes only where it was configured to go, and
    /// a redirect is a failure), each delivery given the relay's limit.
    /// </summary>
    public static WebhookSink Create(Uri url, byte[] secret, TimeProvider clock) =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = EventRelay.SendLimit }, url, secret, clock);

    public string Name => $"webhook {url.GetLeftPart(UriPartial.Authority)}";

    public async Task SendAsync(OutboundEvent e, CancellationToken cancellation)
    {
        var body = e.ToJsonBytes();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-LfrAudit-Event", e.Kind);
        request.Headers.Add("X-LfrAudit-Timestamp", timestamp);
        request.Headers.Add("X-LfrAudit-Signature", "sha256=" + Signature(secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{url.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    /// <summary>The signature a receiver recomputes: lower-case hex of HMAC-SHA256(secret, timestamp + "." + body).</summary>
    public static string Signature(byte[] secret, string timestamp, byte[] body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed, timestamp.Length + 1);
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }
}
