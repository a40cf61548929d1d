namespace LfrAudit.Recognition.Matching;

/// <summary>Why a person is on the watchlist; the categories a public notice may name.</summary>
public enum WatchlistCategory
{
    /// <summary>Wanted for a serious offence.</summary>
    WantedSeriousOffence,
    /// <summary>Subject to a warrant issued by a court.</summary>
    CourtWarrant,
    /// <summary>Wanted by the courts (failed to appear, unlawfully at large).</summary>
    WantedByCourts,
    /// <summary>Subject to bail conditions the deployment's area concerns.</summary>
    BailConditions,
    /// <summary>Subject to sex-offender notification or prevention conditions.</summary>
    SexOffenderConditions,
    /// <summary>A missing person, looked for to protect them.</summary>
    MissingPerson,
    /// <summary>A person at risk of harm, looked for to protect them.</summary>
    VulnerablePerson,
}

/// <summary>The categories by the names manifests, notices and the audit log use ("wanted-serious-offence").</summary>
public static class WatchlistCategories
{
    private static readonly Dictionary<string, WatchlistCategory> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["wanted-serious-offence"] = WatchlistCategory.WantedSeriousOffence,
        ["court-warrant"] = WatchlistCategory.CourtWarrant,
        ["wanted-by-courts"] = WatchlistCategory.WantedByCourts,
        ["bail-conditions"] = WatchlistCategory.BailConditions,
        ["sex-offender-conditions"] = WatchlistCategory.SexOffenderConditions,
        ["missing-person"] = WatchlistCategory.MissingPerson,
        ["vulnerable-person"] = WatchlistCategory.VulnerablePerson,
    };

    /// <summary>Every category's name, as a manifest may give it.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>The category a name (any case) stands for; false for none.</summary>
    public static bool TryParse(string? text, out WatchlistCategory category)
    {
        category = default;
        return text is not null && ByName.TryGetValue(text.Trim(), out category);
    }

    /// <summary>The category's name, as the audit log and manifests write it.</summary>
    public static string ToName(this WatchlistCategory category) =>
        ByName.First(kv => kv.Value == category).Key;
}
