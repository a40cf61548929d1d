using System.Globalization;
using CsvHelper.Configuration.Attributes;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Publishing.Site;

/// <summary>
/// One row of the results table across deployments, as the Met and South Wales Police publish theirs: when and where,
/// the watchlist's size, faces seen, alerts, false alerts, arrests, the algorithm and its threshold, and where the
/// report and notice are. Only deployments whose outcome report is published have a row; its figures are that report's.
/// </summary>
public sealed record DeploymentResult(
    [property: Name("deployment_id")] string DeploymentId,
    [property: Name("date")] string Date,
    [property: Name("location")] string Location,
    [property: Name("area")] string Area,
    [property: Name("started_at")] DateTimeOffset StartedAt,
    [property: Name("ended_at")] DateTimeOffset EndedAt,
    [property: Name("watchlist_size")] int WatchlistSize,
    [property: Name("faces_seen")] long FacesSeen,
    [property: Name("alerts")] long Alerts,
    [property: Name("confirmed_alerts")] long ConfirmedAlerts,
    [property: Name("false_alerts")] long FalseAlerts,
    [property: Name("arrests")] long Arrests,
    [property: Name("algorithm")] string Algorithm,
    [property: Name("threshold")] string Threshold,
    [property: Name("outcome_url")] string OutcomeUrl,
    [property: Name("notice_url")] string NoticeUrl,
    [property: Name("simulated")] bool Simulated)
{
    /// <summary>The rows for the published outcome reports among <paramref name="entries"/>, newest first; links under the site's address where it has one.</summary>
    public static IReadOnlyList<DeploymentResult> From(IEnumerable<SiteEntry> entries, PublicationSettings settings) =>
        entries.Where(e => e.Outcome is not null).Select(e => Of(e, e.Outcome!, settings)).OrderByDescending(r => r.StartedAt).ThenBy(r => r.DeploymentId, StringComparer.Ordinal).ToList();

    private static DeploymentResult Of(SiteEntry e, OutcomeReport o, PublicationSettings settings) => new(
        o.DeploymentId, LondonTime.DateOf(o.StartedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.Location, o.Area, o.StartedAt, o.EndedAt,
        o.WatchlistSize, o.FacesSeen, o.Alerts, o.ConfirmedAlerts, o.FalseAlerts, o.Arrests,
        o.RecognitionModels is { Count: > 0 } models ? string.Join("; ", models.Select(m => $"{m.Name} {m.Version}")) : "not stated",
        o.ThresholdChanges.Count == 0 ? Rendering.Show.Threshold(o.ThresholdAtEnd) : $"{Rendering.Show.Threshold(o.ThresholdAtStart)} to {Rendering.Show.Threshold(o.ThresholdAtEnd)}",
        settings.Link(SitePaths.Outcome(o.DeploymentId)), e.Notice is null ? "" : settings.Link(SitePaths.Notice(o.DeploymentId)),
        o.DatedBySimulation);
}
