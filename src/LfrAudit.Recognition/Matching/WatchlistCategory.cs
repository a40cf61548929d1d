namespace LfrAudit.Recognition.Matching;

/// <summary>Why a person is on the watchlist; the categories a public notice may name.</summary>
public enum WatchlistCategory
{
    WantedSeriousOffence,
    CourtWarrant,
    WantedByCourts,
    BailConditions,
    SexOffenderConditions,
    MissingPerson,
    VulnerablePerson,
}

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

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? text, out WatchlistCategory category)
    {
        category = default;
        return text is not null && ByName.TryGetValue(text.Trim(), out category);
    }

    public static string ToName(this WatchlistCategory category) =>
        ByName.First(kv => kv.Value == category).Key;
}
