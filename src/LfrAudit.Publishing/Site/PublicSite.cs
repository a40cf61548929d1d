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
/// The static public site: an index of upcoming and past deployments, each notice and outcome report as
/// HTML, Markdown and JSON, a calendar of all deployments and a JSON Feed. Only published documents
/// appear; plans without a notice are not public yet.
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
            var dir = $"deployments/{e.Deployment.Id.Value}";
            if (e.Notice is { } n)
            {
                Put($"{dir}/notice.html", NoticeRenderer.ToHtml(n, "../../index.html", "notice", e.NoticeAnchor));
                Put($"{dir}/notice.md", NoticeRenderer.ToMarkdown(n) + AnchorText.Markdown(e.NoticeAnchor));
                if (e.NoticeAnchor is { } na) Put($"{dir}/notice.tree-head.json", na.ToJson().ToJsonString(Json));
                Put($"{dir}/notice.json", JsonSerializer.Serialize(n, Json));
                Put($"{dir}/notice.ics", ICalendar.Write([e.Deployment], now, settings.Force, Simulated));
            }
            if (e.Outcome is { } o)
            {
                Put($"{dir}/outcome.html", OutcomeRenderer.ToHtml(o, "../../index.html", "outcome", e.OutcomeAnchor));
                Put($"{dir}/outcome.md", OutcomeRenderer.ToMarkdown(o) + AnchorText.Markdown(e.OutcomeAnchor));
                if (e.OutcomeAnchor is { } oa) Put($"{dir}/outcome.tree-head.json", oa.ToJson().ToJsonString(Json));
                Put($"{dir}/outcome.json", JsonSerializer.Serialize(o, Json));
            }
        }
        Put("deployments.ics", ICalendar.Write(visible.Select(e => e.Deployment), now, settings.Force, Simulated));
        Put("feed.json", Feed(visible, settings, now));
        Put("index.html", Index(visible, settings, now));
        var folder = OutputFolder.At(outDir, "site folder", "public site");
        folder.CheckAll(files.Select(f => f.Relative));
        foreach (var (relative, content) in files) folder.Write(relative, content);
        return files.Select(f => f.Relative).ToList();
    }

    private static string Index(IReadOnlyList<SiteEntry> entries, PublicationSettings settings, DateTimeOffset now) =>
        PageRenderer.Render<SiteIndexPage>(new Dictionary<string, object?>
        {
            [nameof(SiteIndexPage.Entries)] = entries, [nameof(SiteIndexPage.Force)] = settings.Force, [nameof(SiteIndexPage.Now)] = now,
        });

    // JSON Feed 1.1 (jsonfeed.org): one item per published document, newest first.
    private static string Feed(IReadOnlyList<SiteEntry> entries, PublicationSettings settings, DateTimeOffset now)
    {
        var items = entries.SelectMany(e => new (string Id, string Url, string Title, DateTimeOffset At, string Text)?[]
            {
                e.Notice is { } n ? ($"{n.DeploymentId}/notice", $"deployments/{n.DeploymentId}/notice.html", NoticeRenderer.Title(n), n.PublishedAt, n.Purpose) : null,
                e.Outcome is { } o ? ($"{o.DeploymentId}/outcome", $"deployments/{o.DeploymentId}/outcome.html", OutcomeRenderer.Title(o), o.PublishedAt,
                    $"{o.FacesSeen} faces seen, {o.Alerts} alerts, {o.ConfirmedAlerts} confirmed, {o.FalseAlerts} false, {o.Arrests} arrests") : null,
            }).Where(x => x is not null).Select(x => x!.Value).OrderByDescending(x => x.At);
        var feed = new Dictionary<string, object>
        {
            ["version"] = "https://jsonfeed.org/version/1.1",
            ["title"] = $"{settings.Force}: live facial recognition deployments",
            ["home_page_url"] = "index.html",
            ["items"] = items.Select(i => new Dictionary<string, object> { ["id"] = i.Id, ["url"] = i.Url, ["title"] = i.Title, ["content_text"] = i.Text, ["date_published"] = i.At }).ToList(),
        };
        return JsonSerializer.Serialize(feed, Json);
    }
}
