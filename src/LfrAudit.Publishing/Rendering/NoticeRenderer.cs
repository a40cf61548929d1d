using System.Text;
using LfrAudit.Governance.Audit;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Publishing.Rendering;

public static class NoticeRenderer
{
    public static string Title(PublicNotice n) => $"Live facial recognition at {n.Location}, {n.Area}";

    public static string ToHtml(PublicNotice n, string homeHref, string alternatesBase, TreeHead? anchor = null)
    {
        var h = new Html();
        h.H(1, Title(n));
        if (n.DatedBySimulation) h.Line(SimulationBanner.Html);
        h.Line($"<p class=\"note\">{Html.E(n.Force)} will use live facial recognition cameras here from {Html.E(Show.Time(n.Start))} to {Html.E(Show.Time(n.End))}.</p>");
        h.H(2, "Where and when");
        h.Facts(("Deployment", n.DeploymentId), ("Where", $"{n.Location}, {n.Area}"), ("Starts", Show.Time(n.Start)), ("Ends", Show.Time(n.End)))
         .Raw(n.Latitude is { } lat && n.Longitude is { } lon ? $"<p>Map reference: {lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}</p>\n" : "");
        h.H(2, "Why");
        h.P(n.Purpose);
        h.P($"Authorised by a {n.AuthorisedByRank}.");
        h.H(2, "Who the cameras look for");
        h.Line("<ul>" + string.Concat(n.WatchlistCategories.Select(c => $"<li>{Html.E(c)}</li>")) + "</ul>");
        h.P($"The watchlist holds {n.WatchlistSize}. It is built for this deployment and approved before it starts.");
        h.P($"An alert needs a similarity score of at least {Show.Threshold(n.Threshold)} (on a scale from 0 to 1).");
        h.H(2, "If you are not on the watchlist");
        h.P(n.NonMatches);
        h.H(2, "How long data is kept");
        h.P(n.Retention);
        h.H(2, "Legal basis");
        h.P(n.LegalBasis);
        h.H(2, "Contact");
        h.P($"Questions or concerns: {n.Contact}");
        h.Line($"<p><small>Notice published {Html.E(Show.Time(n.PublishedAt))} (required by {Html.E(Show.Time(n.NoticeDeadline))}: {(n.PublishedOnTime ? "on time" : "late")}).</small></p>");
        h.Raw(AnchorText.Html(anchor, alternatesBase));
        h.Line($"<nav aria-label=\"Other formats\"><p>Also as {Html.Link(alternatesBase + ".md", "Markdown")}, {Html.Link(alternatesBase + ".json", "JSON")}, {Html.Link(alternatesBase + ".ics", "calendar (iCalendar)")}.</p></nav>");
        return Html.Page(Title(n), h.ToString(), homeHref);
    }

    public static string ToMarkdown(PublicNotice n)
    {
        // Everything that came from a person (place, purpose, rank) is escaped: a document never carries raw markup.
        var b = new StringBuilder();
        b.AppendLine($"# Live facial recognition at {Markdown.E(n.Location)}, {Markdown.E(n.Area)}").AppendLine();
        if (n.DatedBySimulation) b.AppendLine(SimulationBanner.Markdown).AppendLine();
        b.AppendLine($"{n.Force} will use live facial recognition cameras here from {Show.Time(n.Start)} to {Show.Time(n.End)}.").AppendLine();
        b.AppendLine("## Where and when").AppendLine();
        b.AppendLine($"- Deployment: {Markdown.E(n.DeploymentId)}").AppendLine($"- Where: {Markdown.E(n.Location)}, {Markdown.E(n.Area)}").AppendLine($"- Starts: {Show.Time(n.Start)}").AppendLine($"- Ends: {Show.Time(n.End)}").AppendLine();
        b.AppendLine("## Why").AppendLine().AppendLine(Markdown.E(n.Purpose)).AppendLine().AppendLine($"Authorised by a {Markdown.E(n.AuthorisedByRank)}.").AppendLine();
        b.AppendLine("## Who the cameras look for").AppendLine();
        foreach (var c in n.WatchlistCategories) b.AppendLine($"- {Markdown.E(c)}");
        b.AppendLine().AppendLine($"The watchlist holds {n.WatchlistSize}. An alert needs a similarity score of at least {Show.Threshold(n.Threshold)} (0 to 1).").AppendLine();
        b.AppendLine("## If you are not on the watchlist").AppendLine().AppendLine(n.NonMatches).AppendLine();
        b.AppendLine("## How long data is kept").AppendLine().AppendLine(n.Retention).AppendLine();
        b.AppendLine("## Legal basis").AppendLine().AppendLine(n.LegalBasis).AppendLine();
        b.AppendLine("## Contact").AppendLine().AppendLine(n.Contact).AppendLine();
        b.AppendLine($"_Notice published {Show.Time(n.PublishedAt)} (required by {Show.Time(n.NoticeDeadline)}: {(n.PublishedOnTime ? "on time" : "late")})._");
        return b.ToString();
    }
}
