using System.Text.RegularExpressions;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Identifiers;

/// <summary>The pseudonymous id of a watchlist entry (never a name): letters, digits, '.', '_' or '-'.</summary>
public readonly partial record struct WatchlistEntryId
{
    public string Value { get; }

    public WatchlistEntryId(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !IdPattern().IsMatch(value))
            throw new LfrInputException($"watchlist id '{value}' is not valid: use 1-64 letters, digits, '.', '_' or '-'");
        Value = value;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex IdPattern();
}
