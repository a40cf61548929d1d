using System.Text.RegularExpressions;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Core.Identifiers;

/// <summary>
/// A site of a force: a van or a fixed installation. Every deployment, run, camera and alert belongs to one,
/// and each site keeps its own signed audit log. Lower-case letters, digits and '-', so a name reads the same
/// in a log, a file name and a URL.
/// </summary>
public readonly partial record struct SiteId
{
    /// <summary>The site of a store on one machine when none was named.</summary>
    public static readonly SiteId Local = new("local");

    /// <summary>The force's registry log (sites registered): a reserved name no site can take.</summary>
    public static readonly SiteId Registry = new("force-registry", reserved: true);

    /// <summary>The id as given, once checked.</summary>
    public string Value { get; }

    /// <summary>Checks the id is one of the allowed shape.</summary>
    /// <exception cref="LfrInputException">It is not: the message names the value and the rule.</exception>
    public SiteId(string value) : this(value, reserved: false) { }

    private SiteId(string value, bool reserved)
    {
        if (string.IsNullOrWhiteSpace(value) || !Pattern().IsMatch(value))
            throw new LfrInputException($"site '{SafeText.Escape(value ?? "")}' is not valid: use 1-40 lower-case letters, digits or '-', starting with a letter or digit");
        if (!reserved && value == "force-registry")
            throw new LfrInputException("site 'force-registry' is reserved for the force's registry log");
        Value = value;
    }

    /// <summary>A site as a user names it; the registry log's name too, for reading and signing that log.</summary>
    public static SiteId Parse(string value) => value == Registry.Value ? Registry : new SiteId(value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}\\z")]
    private static partial Regex Pattern();
}
