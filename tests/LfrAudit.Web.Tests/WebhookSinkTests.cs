using System.Security.Cryptography;
using LfrAudit.Application.Events;
using LfrAudit.Web.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Web.Tests;

/// <summary>
/// The webhook as the console builds it: a 2xx is delivered, signed; a redirect is a failure and is not followed (the
/// signed body never reaches the place it points to); an error status is a failure naming the receiver's host only.
/// </summary>
public sealed class WebhookSinkTests : IAsyncLifetime
{
    private WebApplication _receiver = null!;
    private readonly List<(string Path, byte[] Body, string Signature)> _received = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        async Task<IResult> Note(HttpContext ctx, IResult answer)
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            lock (_received) _received.Add((ctx.Request.Path, body.ToArray(), ctx.Request.Headers["X-LfrAudit-Signature"].ToString()));
            return answer;
        }
        _receiver.MapPost("/secret-path/ok", (HttpContext ctx, CancellationToken _) => Note(ctx, Results.Ok()));
        _receiver.MapPost("/secret-path/moved", (HttpContext ctx, CancellationToken _) => Note(ctx, Results.Redirect("/secret-path/elsewhere", permanent: false, preserveMethod: true)));
        _receiver.MapPost("/secret-path/elsewhere", (HttpContext ctx, CancellationToken _) => Note(ctx, Results.Ok()));
        _receiver.MapPost("/secret-path/broken", (HttpContext ctx, CancellationToken _) => Note(ctx, Results.StatusCode(500)));
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Uri At(string path) => new(new Uri(_receiver.Urls.First()), path);

    [Fact]
    public async Task A_2xx_is_delivered_signed_a_redirect_is_not_followed_and_an_error_is_a_failure_naming_the_host_only()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(57));
        var e = new OutboundEvent(OutboundEventKinds.Raised, "van-1", 7, 42, clock.GetUtcNow(), "DEP-1", "van-1", "WL-0001", "court-warrant", 0.71);

        await WebhookSink.Create(At("/secret-path/ok"), secret, clock).SendAsync(e, CancellationToken.None);
        var delivered = Assert.Single(_received);
        var stamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("sha256=" + WebhookSink.Signature(secret, stamp, delivered.Body), delivered.Signature);
        Assert.Equal(e.ToJsonBytes(), delivered.Body);

        var moved = await Assert.ThrowsAsync<HttpRequestException>(() => WebhookSink.Create(At("/secret-path/moved"), secret, clock).SendAsync(e, CancellationToken.None));
        Assert.Contains("answered 307", moved.Message);
        var broken = await Assert.ThrowsAsync<HttpRequestException>(() => WebhookSink.Create(At("/secret-path/broken"), secret, clock).SendAsync(e, CancellationToken.None));
        Assert.Contains("answered 500", broken.Message);
        Assert.DoesNotContain("secret-path", moved.Message + broken.Message + WebhookSink.Create(At("/secret-path/ok"), secret, clock).Name, StringComparison.Ordinal);
        Assert.DoesNotContain(_received, r => r.Path == "/secret-path/elsewhere"); // the redirect was not followed
    }
}
