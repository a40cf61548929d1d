using System.Text.RegularExpressions;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// A camera's stream address as it may be shown, logged or stored: user name, password and query string
/// (where tokens travel) removed. Credentials are needed to connect and nowhere else.
/// </summary>
public static partial class StreamAddress
{
    /// <summary>Whether a source is a network stream (a URL with a scheme other than file:) rather than a file or camera index.</summary>
    public static bool IsStream(string text) => text.Contains("://", StringComparison.Ordinal) && !text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as it may be shown: user name and password replaced by ***, the query string by ?***, control characters escaped.</summary>
    public static string Redact(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal)) return SafeText.Escape(text);
        var noCredentials = Credentials().Replace(text, "$1***@");
        int query = noCredentials.IndexOfAny(['?', '#']);
        return SafeText.Escape(query >= 0 ? noCredentials[..query] + (noCredentials[query] == '?' ? "?***" : "") : noCredentials);
    }

    /// <summary>Any URL credentials and query strings inside free text (a native library's message) replaced by ***.</summary>
    public static string RedactWithin(string text) =>
        SafeText.Escape(QueryAnywhere().Replace(CredentialsAnywhere().Replace(text, "$1***@"), "$1?***"));

    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.-]*://[^\s?#]*)\?[^\s#]*")]
    private static partial Regex QueryAnywhere();

    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s@]*@")]
    private static partial Regex CredentialsAnywhere();

    // scheme://userinfo@ — userinfo is everything up to the last '@' before the first '/' of the path.
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")]
    private static partial Regex Credentials();
}
