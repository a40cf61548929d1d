using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// A notice or outcome report built from the log as it stood when it was published — by the same builders that
/// publish them — and compared with the one the store holds (or is about to freeze). What the log cannot split, the
/// place's name and area and the officer, and what it does not hold, the map position, come from the store's record,
/// checked against the log's joined forms.
/// </summary>
internal static class DocumentsFromLog
{
    /// <summary>A notice's members that come from the publisher's settings and standard wording, not from any record.</summary>
    public static readonly IReadOnlySet<string> NoticeNotFromLog = new HashSet<string>(StringComparer.Ordinal) { "force", "non_matches", "legal_basis", "contact" };

    /// <summary>
    /// An outcome report's members the log does not decide: the force's name, and the deadline worked out from the end
    /// (checked above) with the bank-holiday table of the version that froze it.
    /// </summary>
    public static readonly IReadOnlySet<string> OutcomeNotFromLog = new HashSet<string>(StringComparer.Ordinal) { "force", "due_by", "due_by_provisional", "published_on_time" };

    /// <param name="asPublished">The log's records before the document's publication entry.</param>
    public static IReadOnlyList<string> NoticeDifferences(PublicNotice published, LogRecords asPublished, Deployment record, PublicationSettings settings,
        DateTimeOffset publishedAt, long publishedEntry, bool simulated)
    {
        if (!asPublished.Deployments.TryGetValue(record.Id.Value, out var h)) return [$"the audit log had not planned deployment {record.Id} when it was published"];
        var d = DeploymentFromLog.Of(h, new DeploymentLocation(published.Location, published.Area, record.Location.Latitude, record.Location.Longitude), record.Officer, record.Site);
        var watchlist = asPublished.Watchlist(h.Planned.Event.Watchlist, publishedEntry)?.Event;
        var categories = new Dictionary<WatchlistCategory, int>();
        foreach (var (name, count) in watchlist?.Categories ?? new Dictionary<string, long>())
            if (WatchlistCategories.TryParse(name, out var c)) categories[c] = (int)count;
        var expected = PublicNotice.Build(d, categories, (int)(watchlist?.Entries ?? 0), settings, publishedAt,
            published.RecognitionModel is { } named && watchlist?.Model is { } logged ? ModelFromLog(named, logged) : null) with { DatedBySimulation = simulated };
        return [.. Place(published.Location, published.Area, h), .. DocumentDifferences.Of(published, expected, NoticeNotFromLog)];
    }

    /// <param name="asPublished">The log's records before the report's publication entry (at freeze time: the whole log so far).</param>
    public static IReadOnlyList<string> OutcomeDifferences(OutcomeReport published, LogRecords asPublished, Deployment record, PublicationSettings settings,
        WorkingDayCalendar calendar, DateTimeOffset publishedAt, bool simulated)
    {
        if (!asPublished.Deployments.TryGetValue(record.Id.Value, out var h)) return [$"the audit log never planned deployment {record.Id}"];
        if (h.Started is null || h.Ended is null)
            return [$"the audit log records deployment {record.Id} as {Deployment.Describe(h.State)} (entry {h.LatestStep}): it has not run and ended, so there is no outcome to report"];
        var d = DeploymentFromLog.Of(h, new DeploymentLocation(published.Location, published.Area), record.Officer, record.Site);
        var figures = FiguresFromLog.Of(asPublished, h.Id);
        var named = published.RecognitionModels ?? [];
        var expected = OutcomeReport.Build(d, figures, settings, calendar, publishedAt,
            [.. figures.Models.Select(logged => named.FirstOrDefault(m => Names(m, logged)) ?? RecognitionModelName.AsRecorded(logged))])
            with { DatedBySimulation = simulated };
        // A report frozen before documents named the model names none, and is not faulted for it.
        if (published.RecognitionModels is null) expected = expected with { RecognitionModels = null };
        return [.. Place(published.Location, published.Area, h), .. DocumentDifferences.Of(published, expected, OutcomeNotFromLog)];
    }

    // The log records a model as "id@shorthash": a document's name and version for it are the catalogue's words, and
    // hold if its id and SHA-256 are the model the log records; otherwise the log's model is what was due.
    private static RecognitionModelName ModelFromLog(RecognitionModelName named, string logged) =>
        Names(named, logged) ? named : RecognitionModelName.AsRecorded(logged);

    private static bool Names(RecognitionModelName m, string logged) => string.Equals(m.RecordedAs, logged, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Place(string location, string area, DeploymentHistory h)
    {
        if ($"{location}, {area}" != h.Planned.Event.Location)
            yield return $"its place says {Disagreements.Show($"{location}, {area}")}, where the audit log records {Disagreements.Show(h.Planned.Event.Location)} (entry {h.Planned.Seq})";
    }
}
