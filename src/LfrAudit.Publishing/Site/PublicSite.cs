using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Pages;
using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Site;

/// <summary>A deployment with the documents published for it.</summary>
public sealed record SiteEntry(Deployment Deployment, PublicNotice? Notice, OutcomeReport? Outcome,
    TreeHead? NoticeAnchor = null, TreeHead? OutcomeAnchor = null)
{
    /// <summary>A simulation clock dated its documents.</summary>
    public bool DatedBySimulation => Notice?.DatedBySimulation == true || Outcome?.DatedBySimulation == true;
}

/// <summary>
/// The static public site: an index of upcoming and past deployments with a results table across them (also as CSV and
/// JSON), each notice and outcome report as HTML, Markdown and JSON, a calendar of all deployments, a JSON Feed and an
/// Atom feed. Only published documents appear; plans without a notice are not public yet.
/// </summary>
public static class PublicSite
{
    /// <summary>How documents are written as JSON (snake_case, indented): the bytes their SHA-256 is of.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes the site for <paramref name="entries"/> into <paramref name="outDir"/>; returns the files written, relative to it.</summary>
    public static IReadOnlyList<string> Write(string outDir, IReadOnlyList<SiteEntry> entries, PublicationSettings settings, DateTimeOffset now)
    {
        // Rendered first, written after: every name is checked for links before a single file is written (OutputFolder).
        var files = new List<(string Relative, string Content)>();
        void Put(string relative, string content) => files.Add((relative, content));

        var visible = entries.Where(e => e.Notice is not null || e.Deployment.State is DeploymentState.Live or DeploymentState.Ended or DeploymentState.OutcomePublished).ToList();
        // A deployment with no document yet (gone live under an urgent override) is marked as the rest of the site is.
        var simulatedSite = visible.Any(e => e.DatedBySimulation);
        var simulated = visible.ToDictionary(e => e.Deployment.Id, e => e.DatedBySimulation || (e.Notice is null && e.Outcome is null && simulatedSite));
        bool Simulated(Deployment d) => simulated.GetValueOrDefault(d.Id);
        foreach (var e in visible)
        {
            var id = e.Deployment.Id.Value;
            var dir = SitePaths.Deployment(id);
            if (e.Notice is { } n)
            {
                Put(SitePaths.Notice(id), NoticeRenderer.ToHtml(n, "../../index.html", "notice", e.NoticeAnchor));
                Put($"{dir}/notice.md", NoticeRenderer.ToMarkdown(n) + AnchorText.Markdown(e.NoticeAnchor));
                if (e.NoticeAnchor is { } na) Put($"{dir}/notice.tree-head.json", na.ToJson().ToJsonString(Json));
                Put($"{dir}/notice.json", JsonSerializer.Serialize(n, Json));
                Put($"{dir}/notice.ics", ICalendar.Write([e.Deployment], now, settings.Force, Simulated));
            }
            if (e.Outcome is { } o)
            {
                Put(SitePaths.Outcome(id), OutcomeRenderer.ToHtml(o, "../../index.html", "outcome", e.OutcomeAnchor, e.Notice is null ? null : "notice.html"));
                Put($"{dir}/outcome.md", OutcomeRenderer.ToMarkdown(o) + AnchorText.Markdown(e.OutcomeAnchor));
                if (e.OutcomeAnchor is { } oa) Put($"{dir}/outcome.tree-head.json", oa.ToJson().ToJsonString(Json));
                Put($"{dir}/outcome.json", JsonSerializer.Serialize(o, Json));
            }
        }
        var results = DeploymentResult.From(visible, settings);
        var items = FeedItems(visible);
        Put(SitePaths.Calendar, ICalendar.Write(visible.Select(e => e.Deployment), now, settings.Force, Simulated));
        Put(SitePaths.JsonFeed, JsonFeed(items, settings));
        Put(SitePaths.AtomFeed, AtomFeed.Write(items, settings, now));
        Put(SitePaths.ResultsCsv, ResultsFiles.Csv(results));
        Put(SitePaths.ResultsJson, ResultsFiles.Json(results, settings.Force));
        Put(SitePaths.Index, Index(visible, DeploymentResult.From(visible, settings with { BaseUrl = null }), settings, now));
        var folder = OutputFolder.At(outDir, "site folder", "public site");
        folder.CheckAll(files.Select(f => f.Relative));
        foreach (var (relative, content) in files) folder.Write(relative, content);
        return files.Select(f => f.Relative).ToList();
    }

    private static string Index(IReadOnlyList<SiteEntry> entries, IReadOnlyList<DeploymentResult> results, PublicationSettings settings, DateTimeOffset now) =>
        PageRenderer.Render<SiteIndexPage>(new Dictionary<string, object?>
        {
            [nameof(SiteIndexPage.Entries)] = entries, [nameof(SiteIndexPage.Results)] = results, [nameof(SiteIndexPage.Force)] = settings.Force, [nameof(SiteIndexPage.Now)] = now,
        });

    // One item per published document, newest first: what both feeds list.
    private static IReadOnlyList<FeedItem> FeedItems(IReadOnlyList<SiteEntry> entries) => entries.SelectMany(e => new FeedItem?[]
        {
            e.Notice is { } n ? new($"{n.DeploymentId}/notice", SitePaths.Notice(n.DeploymentId), NoticeRenderer.Title(n), n.PublishedAt, n.Purpose) : null,
            e.Outcome is { } o ? new($"{o.DeploymentId}/outcome", SitePaths.Outcome(o.DeploymentId), OutcomeRenderer.Title(o), o.PublishedAt,
                $"{o.FacesSeen} faces seen, {o.Alerts} alerts, {o.ConfirmedAlerts} confirmed, {o.FalseAlerts} false, {o.Arrests} arrests") : null,
        }).OfType<FeedItem>().OrderByDescending(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    // JSON Feed 1.1 (jsonfeed.org); links absolute under the site's address where it has one.
    private static string JsonFeed(IReadOnlyList<FeedItem> items, PublicationSettings settings)
    {
        var feed = new Dictionary<string, object>
        {
            ["version"] = "https://jsonfeed.org/version/1.1",
            ["title"] = $"{settings.Force}: live facial recognition deployments",
            ["home_page_url"] = settings.Link(SitePaths.Index),
            ["items"] = items.Select(i => new Dictionary<string, object>
            {
                ["id"] = i.Id, ["url"] = settings.Link(i.Path), ["title"] = i.Title, ["content_text"] = i.Text, ["date_published"] = i.At,
            }).ToList(),
        };
        if (settings.BaseUrl is not null) feed["feed_url"] = settings.Link(SitePaths.JsonFeed);
        return JsonSerializer.Serialize(feed, Json);
    }
}
