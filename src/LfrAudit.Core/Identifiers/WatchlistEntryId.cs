using System.Text.RegularExpressions;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Identifiers;

/// <summary>The pseudonymous id of a watchlist entry (never a name): letters, digits, '.', '_' or '-'.</summary>
public readonly partial record struct WatchlistEntryId
{
    /// <summary>The id as given, once checked.</summary>
    public string Value { get; }

    /// <summary>Checks the id is one of the allowed shape.</summary>
    /// <exception cref="LfrInputException">It is not: the message names the value and the rule.</exception>
    public WatchlistEntryId(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !IdPattern().IsMatch(value))
            throw new LfrInputException($"watchlist id '{value}' is not valid: use 1-64 letters, digits, '.', '_' or '-'");
        Value = value;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex IdPattern();
}
