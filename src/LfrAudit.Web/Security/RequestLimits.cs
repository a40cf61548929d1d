using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LfrAudit.Web.Security;

/// <summary>
/// What the console accepts from a client, bounded to what its own pages send: a decision's note is 500 characters and
/// the sign-in and IAG forms are three fields, so a body over 64 KiB, a form of more than 16 fields or a header block
/// over 32 KiB is the client's fault (413/431/400), refused before anything reads it. A POST to a page (not the API)
/// must be a form; anything else is 415, rather than a form reader failing deep inside a handler.
/// </summary>
internal static class RequestLimits
{
    public const long MaxBody = 64 * 1024;
    public const int MaxFormFields = 16;

    /// <summary>Where an audit export is uploaded (a .zip as the body): the only request allowed a larger body.</summary>
    public const string UploadPath = "/api/iag/exports";

    public static void Configure(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestBodySize = MaxBody;
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        kestrel.Limits.MaxRequestLineSize = 8 * 1024;
    }

    public static void Configure(IServiceCollection services)
    {
        services.Configure<FormOptions>(f =>
        {
            f.ValueCountLimit = MaxFormFields;
            f.ValueLengthLimit = (int)MaxBody;
            f.KeyLengthLimit = 256;
            f.MultipartBodyLengthLimit = MaxBody;
            f.MultipartHeadersLengthLimit = 4 * 1024;
        });
        // A body that does not bind (malformed JSON, a wrong type, a missing body) is a BadHttpRequestException: 400 with problem details.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    }

    // Read from the raw header: HttpRequest.Host itself throws on a name IDN cannot decode.
    private static bool SaneHost(string header)
    {
        if (header.Length == 0) return true; // HTTP/1.0 without one: nothing of it is used
        HostString host;
        try { host = HostString.FromUriComponent(header); _ = host.ToUriComponent(); }
        catch (ArgumentException) { return false; }
        return Uri.CheckHostName(host.Host.Trim('[', ']')) != UriHostNameType.Unknown;
    }

    /// <summary>Before any endpoint: a Host that is no host name (400), a body declared over the limit (413), a POST to a
    /// page that is not a form (415; the API takes JSON and checks its own).</summary>
    public static Task RefuseWhatCannotBeRead(HttpContext context, Func<Task> next, long uploadLimit)
    {
        var request = context.Request;
        // A Host that is no host name (bad punycode, empty labels) cannot be put in any URL: refused before anything tries.
        if (!SaneHost(request.Headers.Host.ToString()))
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException("the Host header is not a host name", StatusCodes.Status400BadRequest);
        // The one request that carries more: an audit export uploaded for review, up to the size the page reviews.
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(UploadPath, StringComparison.Ordinal))
        {
            if (request.ContentLength > uploadLimit)
                throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"an upload is at most {uploadLimit / (1024 * 1024)} MiB", StatusCodes.Status413PayloadTooLarge);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = uploadLimit;
            return next();
        }
        if (request.ContentLength > MaxBody)
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"the request body is over {MaxBody / 1024} KiB", StatusCodes.Status413PayloadTooLarge);
        if (HttpMethods.IsPost(request.Method) && !request.Path.StartsWithSegments("/api") && !request.HasFormContentType)
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException("this page takes a form (application/x-www-form-urlencoded or multipart/form-data)", StatusCodes.Status415UnsupportedMediaType);
        return next();
    }
}
