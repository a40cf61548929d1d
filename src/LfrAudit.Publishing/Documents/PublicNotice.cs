using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Publishing.Documents;

/// <summary>
/// What the public is told before a deployment: where and when, why, who may be looked for (categories and
/// roughly how many — never who), the threshold, what happens to everyone else's images, how long matches
/// are kept, the legal basis and whom to contact. Frozen when published.
/// </summary>
public sealed record PublicNotice(
    string DeploymentId,
    string Force,
    string Location,
    string Area,
    double? Latitude,
    double? Longitude,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Purpose,
    string AuthorisedByRank,
    IReadOnlyList<string> WatchlistCategories,
    string WatchlistSize,
    double Threshold,
    string NonMatches,
    string Retention,
    string LegalBasis,
    string Contact,
    DateTimeOffset PublishedAt,
    DateTimeOffset NoticeDeadline,
    bool PublishedOnTime,
    bool DatedBySimulation = false,
    RecognitionModelName? RecognitionModel = null)
{
    /// <summary>The document kind a notice is stored and anchored under.</summary>
    public const string Kind = "notice";

    /// <param name="model">The recognition model the deployment's watchlist was enrolled with, which its runs must use.</param>
    public static PublicNotice Build(Deployment d, IReadOnlyDictionary<WatchlistCategory, int> watchlistCategories, int watchlistEntries,
        PublicationSettings settings, DateTimeOffset publishedAt, RecognitionModelName? model) => new(
        d.Id.Value, settings.Force, d.Location.Name, d.Location.Area, d.Location.Latitude, d.Location.Longitude,
        d.PlannedStart, d.PlannedEnd, d.Purpose, d.Officer.Rank,
        watchlistCategories.Where(kv => kv.Value > 0).Select(kv => PublicWording.Category(kv.Key)).Order(StringComparer.Ordinal).ToList(),
        PublicWording.RoughSize(watchlistEntries), d.Threshold.Value,
        "If you are not on the watchlist, the system discards your image and the data made from it automatically, in memory, by the time you have left the camera's view (it follows your face only while you pass, so that you are counted once). Nothing about you is stored; only a count of people seen per minute is kept.",
        PublicWording.Retention(d.Retention),
        settings.LegalBasis, settings.Contact, publishedAt, d.NoticeDeadline, DeploymentRules.NoticeIsTimely(publishedAt, d.PlannedStart),
        RecognitionModel: model);
}
