using System.Text.RegularExpressions;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Identifiers;

/// <summary>A deployment's reference, as printed on its notice: letters, digits and '-'.</summary>
public readonly partial record struct DeploymentId
{
    /// <summary>The id as given, once checked.</summary>
    public string Value { get; }

    /// <summary>Checks the id is one of the allowed shape.</summary>
    /// <exception cref="LfrInputException">It is not: the message names the value and the rule.</exception>
    public DeploymentId(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Pattern().IsMatch(value))
            throw new LfrInputException($"deployment id '{value}' is not valid: use 1-40 letters, digits or '-'");
        Value = value;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}\\z")]
    private static partial Regex Pattern();
}
