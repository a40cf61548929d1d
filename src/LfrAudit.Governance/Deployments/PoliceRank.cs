using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Deployments;

/// <summary>
/// Police ranks of England and Wales, lowest to highest (with the Metropolitan and City of London ranks above
/// Chief Superintendent). A deployment must be authorised by a Superintendent or above; "Acting" and
/// "Temporary" ranks count as the rank they carry. Common abbreviations are understood.
/// </summary>
internal static class PoliceRank
{
    private static readonly string[] Order =
    [
        "constable", "sergeant", "inspector", "chief inspector", "superintendent", "chief superintendent",
        "commander", "assistant chief constable", "deputy assistant commissioner", "deputy chief constable",
        "assistant commissioner", "chief constable", "deputy commissioner", "commissioner",
    ];

    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pc"] = "constable", ["ps"] = "sergeant", ["insp"] = "inspector", ["ci"] = "chief inspector", ["ch insp"] = "chief inspector",
        ["supt"] = "superintendent", ["ch supt"] = "chief superintendent", ["cmdr"] = "commander",
        ["acc"] = "assistant chief constable", ["dac"] = "deputy assistant commissioner", ["dcc"] = "deputy chief constable",
        ["ac"] = "assistant commissioner", ["cc"] = "chief constable", ["dep comm"] = "deputy commissioner",
    };

    public const string Minimum = "superintendent";

    /// <summary>The rank's place in <see cref="Order"/>, or -1 for a rank we do not know.</summary>
    public static int Level(string rank)
    {
        var words = string.Join(' ', rank.Trim().TrimEnd('.').Replace(".", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        foreach (var prefix in new[] { "acting ", "temporary ", "a/", "t/" })
            if (words.StartsWith(prefix, StringComparison.Ordinal)) words = words[prefix.Length..].Trim();
        if (Abbreviations.TryGetValue(words, out var full)) words = full;
        return Array.IndexOf(Order, words);
    }

    /// <summary>Refuses a rank below Superintendent, or one that is not a police rank, in one line.</summary>
    public static void RequireAuthorising(string rank, DeploymentId deployment)
    {
        int level = Level(rank);
        if (level < 0)
            throw new DeploymentRuleException($"deployment {deployment}: '{SafeText.Escape(rank)}' is not a police rank we know (e.g. Superintendent, Chief Superintendent, Assistant Chief Constable, Commander)");
        if (level < Array.IndexOf(Order, Minimum))
            throw new DeploymentRuleException($"deployment {deployment}: {Core.Wording.English.WithArticle(SafeText.Escape(rank.Trim()))} cannot authorise live facial recognition: the authorising officer must be a Superintendent or above");
    }
}
