using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
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
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

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

    private static string Index(IReadOnlyList<SiteEntry> entries, PublicationSettings settings, DateTimeOffset now)
    {
        var h = new Html();
        h.H(1, $"{settings.Force}: live facial recognition deployments");
        if (entries.Any(e => e.DatedBySimulation)) h.Line(SimulationBanner.Html);
        h.P("Each deployment is announced here at least 7 days before it starts, and its outcome is published within 5 working days after it ends.");
        string Row(SiteEntry e, bool past)
        {
            var d = e.Deployment;
            var docs = new List<string>();
            if (e.Notice is not null) docs.Add(Html.Link($"deployments/{d.Id.Value}/notice.html", "Notice"));
            if (e.Outcome is not null) docs.Add(Html.Link($"deployments/{d.Id.Value}/outcome.html", "Outcome report"));
            else if (past && d.State is DeploymentState.Ended) docs.Add($"Outcome report due by {Html.E(Show.Time(d.OutcomeDueBy(WorkingDayCalendar.EnglandAndWales)))}");
            if (d.State == DeploymentState.Cancelled) docs.Add($"Cancelled: {Html.E(d.CancelReason)}");
            return $"<th scope=\"row\">{Html.E(d.Location.Name)}, {Html.E(d.Location.Area)}</th><td>{Html.E(Show.Time(d.PlannedStart))} to {Html.E(Show.Time(d.PlannedEnd))}</td><td>{string.Join("<br>", docs)}</td>";
        }
        bool IsPast(SiteEntry e) => e.Deployment.State is DeploymentState.Ended or DeploymentState.OutcomePublished or DeploymentState.Cancelled || e.Deployment.PlannedEnd < now;
        var upcoming = entries.Where(e => !IsPast(e)).OrderBy(e => e.Deployment.PlannedStart).ToList();
        var past = entries.Where(IsPast).OrderByDescending(e => e.Deployment.PlannedStart).ToList();
        h.H(2, "Upcoming and live");
        if (upcoming.Count == 0) h.P("None announced.");
        else h.Raw(TableOf("Upcoming and live deployments", upcoming.Select(e => Row(e, false))));
        h.H(2, "Past");
        if (past.Count == 0) h.P("None yet.");
        else h.Raw(TableOf("Past deployments", past.Select(e => Row(e, true))));
        h.Line($"<p>Also as a {Html.Link("deployments.ics", "calendar (iCalendar)")} and a {Html.Link("feed.json", "JSON feed")}. Page generated {Html.E(Show.Time(now))}.</p>");
        return Html.Page($"{settings.Force}: live facial recognition deployments", h.ToString(), "index.html");
    }

    private static string TableOf(string caption, IEnumerable<string> rows) =>
        "<table>\n  <caption>" + Html.E(caption) + "</caption>\n  <thead><tr><th scope=\"col\">Where</th><th scope=\"col\">When (London time)</th><th scope=\"col\">Documents</th></tr></thead>\n  <tbody>\n"
        + string.Concat(rows.Select(r => $"    <tr>{r}</tr>\n")) + "  </tbody>\n</table>\n";

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
