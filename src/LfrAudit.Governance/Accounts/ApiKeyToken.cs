using System.Security.Cryptography;

namespace LfrAudit.Governance.Accounts;

/// <summary>
/// A key as a client sends it: <c>lfr_</c>, the id, <c>_</c>, the secret (43 characters of base64url: 256 random bits). The
/// prefix lets a secret scanner find a key pasted where it should not be, and the id finds the row in one keyed lookup.
/// </summary>
public readonly record struct ApiKeyToken(ApiKeyId Id, string Secret)
{
    private const string Prefix = "lfr_";

    /// <summary>A new token under a new id, with a fresh secret.</summary>
    public static ApiKeyToken New() => new(ApiKeyId.New(), Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The token in <paramref name="text"/>, or null when it is not written as one (so nothing is looked up).</summary>
    public static ApiKeyToken? TryParse(string text)
    {
        if (text.Length != Prefix.Length + 17 + 1 + 43 || !text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var id = text.Substring(Prefix.Length, 17);
        var secret = text[(Prefix.Length + 18)..];
        if (text[Prefix.Length + 17] != '_' || !ApiKeyId.IsWellFormed(id) || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        return new ApiKeyToken(ApiKeyId.Parse(id), secret);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Prefix}{Id.Value}_{Secret}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
