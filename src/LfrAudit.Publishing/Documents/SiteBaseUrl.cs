using LfrAudit.Core.Problems;

namespace LfrAudit.Publishing.Documents;

/// <summary>
/// The address the public site is served from: absolute, http or https, no query or fragment, always ending in '/'
/// so a document's relative path resolves beneath it rather than beside it.
/// </summary>
public sealed record SiteBaseUrl
{
    /// <summary>The address, ending in '/'.</summary>
    public Uri Value { get; }

    private SiteBaseUrl(Uri value) => Value = value;

    /// <summary>Reads an address as a force writes it ("https://www.example.police.uk/lfr"); anything else is refused in one line.</summary>
    public static SiteBaseUrl Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0 || string.IsNullOrEmpty(uri.Host))
            throw new InvalidValueException(InputField.BaseUrl, text, "give the public site's absolute http or https address, with no query, fragment or user name (for example https://www.example.police.uk/lfr/)");
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new SiteBaseUrl(new UriBuilder(uri) { Path = path }.Uri);
    }

    /// <summary>A path within the site (deployments/DEP-1/notice.html) as an absolute address.</summary>
    public string Resolve(string relative) => new Uri(Value, relative).AbsoluteUri;

    /// <inheritdoc/>
    public override string ToString() => Value.AbsoluteUri;
}
