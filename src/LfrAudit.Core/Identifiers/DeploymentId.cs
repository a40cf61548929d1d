using System.Text.RegularExpressions;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Identifiers;

/// <summary>A deployment's reference, as printed on its notice: letters, digits and '-'.</summary>
public readonly partial record struct DeploymentId
{
    public string Value { get; }

    public DeploymentId(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Pattern().IsMatch(value))
            throw new LfrInputException($"deployment id '{value}' is not valid: use 1-40 letters, digits or '-'");
        Value = value;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}\\z")]
    private static partial Regex Pattern();
}
