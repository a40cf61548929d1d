using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Accounts;

/// <summary>An API key's public id: "k" and 16 lower-case hex digits, random.</summary>
public readonly record struct ApiKeyId
{
    /// <summary>The id as written.</summary>
    public string Value { get; }

    private ApiKeyId(string value) => Value = value;

    /// <summary>A new random id.</summary>
    public static ApiKeyId New() => new("k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    /// <summary>Whether <paramref name="text"/> is written as an id is.</summary>
    public static bool IsWellFormed(string text) => text.Length == 17 && text[0] == 'k' && text.Skip(1).All(c => char.IsAsciiHexDigitLower(c));

    /// <summary>The id written in <paramref name="text"/>; anything else is refused, naming it.</summary>
    public static ApiKeyId Parse(string text) => IsWellFormed(text.Trim()) ? new(text.Trim())
        : throw new LfrInputException($"'{SafeText.Escape(text.Length > 40 ? text[..40] + "…" : text)}' is not an API key's id (k and 16 hex digits, as lfr apikeys list shows)");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
