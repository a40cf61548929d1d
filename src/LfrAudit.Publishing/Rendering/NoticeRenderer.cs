using System.Text;
using LfrAudit.Governance.Audit;
using LfrAudit.Pages;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Publishing.Rendering;

/// <summary>A notice as the public reads it: an HTML page of the site, or Markdown.</summary>
public static class NoticeRenderer
{
    /// <summary>The notice's title: where the cameras will be.</summary>
    public static string Title(PublicNotice n) => $"Live facial recognition at {n.Location}, {n.Area}";

    /// <summary>The notice's page of the public site, with the tree head it was anchored under, if any.</summary>
    public static string ToHtml(PublicNotice n, string homeHref, string alternatesBase, TreeHead? anchor = null) =>
        PageRenderer.Render<NoticePage>(new Dictionary<string, object?>
        {
            [nameof(NoticePage.Notice)] = n, [nameof(NoticePage.HomeHref)] = homeHref, [nameof(NoticePage.AlternatesBase)] = alternatesBase, [nameof(NoticePage.Anchor)] = anchor,
        });

    /// <summary>The notice as Markdown, every text from a person escaped.</summary>
    public static string ToMarkdown(PublicNotice n)
    {
        // Everything that came from a person (place, purpose, rank) is escaped: a document never carries raw markup.
        var b = new StringBuilder();
        b.AppendLine($"# Live facial recognition at {Markdown.E(n.Location)}, {Markdown.E(n.Area)}").AppendLine();
        if (n.DatedBySimulation) b.AppendLine(SimulationBanner.Markdown).AppendLine();
        b.AppendLine($"{n.Force} will use live facial recognition cameras here from {Show.Time(n.Start)} to {Show.Time(n.End)}.").AppendLine();
        b.AppendLine("## Where and when").AppendLine();
        b.AppendLine($"- Deployment: {Markdown.E(n.DeploymentId)}").AppendLine($"- Where: {Markdown.E(n.Location)}, {Markdown.E(n.Area)}").AppendLine($"- Starts: {Show.Time(n.Start)}").AppendLine($"- Ends: {Show.Time(n.End)}");
        if (n.Latitude is { } lat && n.Longitude is { } lon)
            b.AppendLine(FormattableString.Invariant($"- Map reference: {lat}, {lon} ([see it on OpenStreetMap]({Show.MapLink(lat, lon)}))"));
        b.AppendLine();
        b.AppendLine("## Why").AppendLine().AppendLine(Markdown.E(n.Purpose)).AppendLine().AppendLine($"Authorised by {Core.Wording.English.WithArticle(Markdown.E(n.AuthorisedByRank))}.").AppendLine();
        b.AppendLine("## Who the cameras look for").AppendLine();
        foreach (var c in n.WatchlistCategories) b.AppendLine($"- {Markdown.E(c)}");
        b.AppendLine().AppendLine($"The watchlist holds {n.WatchlistSize}. An alert needs a similarity score of at least {Show.Threshold(n.Threshold)} (0 to 1).").AppendLine();
        if (n.RecognitionModel is { } m) b.AppendLine($"Faces are compared by the recognition model {Markdown.E(Show.Model(m))}.").AppendLine();
        b.AppendLine("## If you are not on the watchlist").AppendLine().AppendLine(n.NonMatches).AppendLine();
        b.AppendLine("## How long data is kept").AppendLine().AppendLine(n.Retention).AppendLine();
        b.AppendLine("## Legal basis").AppendLine().AppendLine(n.LegalBasis).AppendLine();
        b.AppendLine("## Contact").AppendLine().AppendLine(n.Contact).AppendLine();
        b.AppendLine($"_Notice published {Show.Time(n.PublishedAt)} (required by {Show.Deadline(n.NoticeDeadline)}: {(n.PublishedOnTime ? "on time" : "late")})._");
        return b.ToString();
    }
}
